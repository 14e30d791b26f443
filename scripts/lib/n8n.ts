/**
 * Real n8n for the e2e suite, `npm run demo` and `npm run dev`.
 *
 * 1. `ensureN8n(version)` installs a pinned n8n from npm into a cache folder *outside* the repo
 *    (`${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-capmonster/n8n-<version>`) and reuses it later.
 *    That folder has its own package.json carrying the overrides this environment needs, so the
 *    repo's package.json / lockfile never see n8n.
 * 2. `N8nInstance` runs that n8n against a throw-away `N8N_USER_FOLDER` with loopback-only
 *    ports: import credentials/workflows, `n8n execute`, `n8n start`, `n8n worker`.
 *
 * See /work/shared/reference/n8n-e2e-recipe.md for the why of most settings.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { info, elapsed } from './log';
import { run, startProcess, sleep, waitFor, type Managed } from './proc';
import { freePort } from './ports';

/** Newest n8n 2.x whose `engines` allow Node 20 (2.10.0+ need Node >= 22.16). */
export const N8N_V2 = '2.8.4';
/**
 * The 1.x line on Node 20: 1.123.66+ pull `@n8n/expression-runtime` -> isolated-vm 6, which
 * does not compile on Node 20, so stay at 1.123.50.
 */
export const N8N_V1 = '1.123.50';
export const TESTED_N8N_VERSIONS = [N8N_V2, N8N_V1];

/**
 * Applied to the cache folder's package.json only. `n8n-nodes-base` depends on xlsx from
 * cdn.sheetjs.com, which some build environments cannot reach; the registry's 0.18.5 works.
 */
const INSTALL_OVERRIDES: Record<string, string> = { xlsx: '0.18.5' };

/** A fixed key, so credentials imported by one command can be decrypted by the next. */
export const ENCRYPTION_KEY = 'capmonster-e2e-encryption-key-0123456789';

export interface N8nInstall {
	version: string;
	major: number;
	dir: string;
	/** `node_modules/.bin/n8n` inside the cache folder. */
	bin: string;
}

export function cacheRoot(): string {
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-capmonster');
}

export function installDir(version: string): string {
	return path.join(cacheRoot(), `n8n-${version}`);
}

const MARKER = '.install-complete.json';

function installedVersion(dir: string): string | undefined {
	try {
		const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as {
			version?: string;
		};
		const pkg = JSON.parse(
			fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		) as { version?: string };
		if (marker.version && marker.version === pkg.version && fs.existsSync(binPath(dir)))
			return pkg.version;
	} catch {
		/* not installed (or half installed) */
	}
	return undefined;
}

function binPath(dir: string): string {
	return path.join(dir, 'node_modules', '.bin', 'n8n');
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * One installer per version at a time (e.g. `npm run demo` started while the e2e suite is
 * installing): a lock file holding the installer's pid. A stale lock (dead pid) is taken over.
 */
async function withInstallLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
	const lock = `${dir}.lock`;
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	let announced = false;
	for (;;) {
		try {
			fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
			break;
		} catch {
			const holder = Number(fs.readFileSync(lock, 'utf8').trim());
			if (!holder || !pidAlive(holder)) {
				fs.rmSync(lock, { force: true });
				continue;
			}
			if (!announced) {
				info(`another process (pid ${holder}) is installing into ${dir}; waiting for it…`);
				announced = true;
			}
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { force: true });
	}
}

/** Install `n8n@version` into the cache (first use only) and return where it is. */
export async function ensureN8n(version: string): Promise<N8nInstall> {
	const dir = installDir(version);
	const result = (): N8nInstall => ({
		version,
		major: Number(version.split('.')[0]),
		dir,
		bin: binPath(dir),
	});
	if (installedVersion(dir) === version) return result();
	return withInstallLock(dir, async () => {
		if (installedVersion(dir) === version) return result(); // installed while we waited
		await installN8n(version, dir);
		return result();
	});
}

async function installN8n(version: string, dir: string): Promise<void> {
	fs.mkdirSync(dir, { recursive: true });
	const pkg = {
		name: `n8n-host-${version.replace(/\./g, '-')}`,
		private: true,
		description: `Pinned n8n ${version} for n8n-nodes-capmonster's e2e suite, demo and dev scripts (created by scripts/lib/n8n.ts; safe to delete)`,
		overrides: INSTALL_OVERRIDES,
	};
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
	fs.rmSync(path.join(dir, MARKER), { force: true });
	const logFile = path.join(dir, 'install.log');
	info(`installing n8n@${version} into ${dir}`);
	info(`  (first use only, typically 4–6 minutes on 2 cores; full npm log: ${logFile})`);
	const started = Date.now();
	let fetched = 0;
	// `--loglevel=http` makes npm print one line per registry fetch, which we count as progress.
	const ticker = setInterval(() => {
		let entries = 0;
		try {
			entries = fs.readdirSync(path.join(dir, 'node_modules')).length;
		} catch {
			/* not created yet */
		}
		const phase =
			entries > 0
				? `${entries} top-level packages unpacked, then install scripts (sqlite3 may compile from source for ~1-2 min)`
				: fetched > 0
					? 'resolving the dependency tree'
					: 'starting npm';
		info(
			`  n8n@${version}: ${elapsed(Date.now() - started)} elapsed, ${fetched} registry fetches, ${phase}`,
		);
	}, 15_000);
	try {
		for (let attempt = 1; ; attempt++) {
			const res = await run(
				'npm',
				[
					'install',
					`n8n@${version}`,
					'--no-audit',
					'--no-fund',
					'--no-update-notifier',
					'--loglevel=http',
				],
				{
					cwd: dir,
					logFile,
					check: false,
					timeoutMs: 40 * 60_000,
					onOutput: (chunk) => {
						for (const line of chunk.split('\n')) if (line.includes('http fetch')) fetched++;
					},
				},
			);
			if (res.code === 0) break;
			if (attempt >= 2) {
				const tail = (res.stderr || res.stdout).split('\n').slice(-20).join('\n');
				throw new Error(
					`npm install n8n@${version} failed (exit ${res.code}); see ${logFile}\n${tail}`,
				);
			}
			info(`  npm install failed (exit ${res.code}); retrying once (network hiccups happen)…`);
		}
	} finally {
		clearInterval(ticker);
	}
	const got = JSON.parse(
		fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	) as { version: string };
	if (got.version !== version) throw new Error(`expected n8n ${version}, installed ${got.version}`);
	fs.writeFileSync(
		path.join(dir, MARKER),
		JSON.stringify({ version, installedAt: new Date().toISOString(), node: process.version }) +
			'\n',
	);
	info(`installed n8n@${version} in ${elapsed(Date.now() - started)}`);
}

// ---------------------------------------------------------------------------------------------
// Running n8n
// ---------------------------------------------------------------------------------------------

export interface CredentialFixture {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface ExecutionRun {
	status?: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
			error?: N8nError;
		};
	};
}

export interface N8nError {
	message?: string;
	description?: string;
	name?: string;
	node?: { name?: string };
	context?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface NodeRun {
	executionStatus?: string;
	error?: N8nError;
	data?: {
		main?: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }> | null>;
	};
}

export interface ExecuteResult {
	code: number;
	ms: number;
	run?: ExecutionRun;
	/** All log lines n8n printed (NDJSON parsed where possible). */
	logs: string;
}

export interface InstanceOptions {
	/** Folder for logs (n8n-main.log, worker.log, cli.log …). */
	logDir: string;
	/** Reuse/keep a specific user folder (dev); default: a fresh temp folder. */
	userFolder?: string;
	/** Main HTTP port; default: a free port. */
	port?: number;
}

/**
 * One n8n "installation" as a user would have it: a user folder (DB, config, community
 * packages) + the pinned n8n binary. All commands share the user folder and encryption key.
 */
export class N8nInstance {
	readonly userFolder: string;
	readonly logDir: string;
	port = 0;
	brokerPort = 0;
	private main?: Managed;
	private readonly extraProcs: Managed[] = [];

	constructor(
		readonly install: N8nInstall,
		opts: InstanceOptions,
	) {
		this.logDir = opts.logDir;
		fs.mkdirSync(this.logDir, { recursive: true });
		this.userFolder =
			opts.userFolder ??
			fs.mkdtempSync(path.join(os.tmpdir(), `capmonster-n8n-${install.version}-`));
		fs.mkdirSync(path.join(this.userFolder, '.n8n'), { recursive: true });
		if (opts.port) this.port = opts.port;
	}

	static async create(install: N8nInstall, opts: InstanceOptions): Promise<N8nInstance> {
		const inst = new N8nInstance(install, opts);
		if (!inst.port) inst.port = await freePort();
		inst.brokerPort = await freePort();
		return inst;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Where n8n's community-package loader looks: `<user folder>/.n8n/nodes/node_modules`. */
	get nodesDir(): string {
		return path.join(this.userFolder, '.n8n', 'nodes', 'node_modules');
	}

	/** Environment for every n8n command: isolated, quiet, loopback only. */
	env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			LANG: process.env.LANG ?? 'C.UTF-8',
			TZ: 'UTC',
			GENERIC_TIMEZONE: 'UTC',
			// Never ~/.n8n: everything (DB, config, nodes) lives in the throw-away user folder.
			N8N_USER_FOLDER: this.userFolder,
			DB_TYPE: 'sqlite',
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			// No phoning home (this environment has no internet besides the registries anyway).
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			// Machine-readable logs: `execute --rawOutput` prints the run JSON as one log message.
			N8N_LOG_FORMAT: 'json',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			// Loopback only, and ports of our own so parallel runs don't collide.
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `${this.baseUrl}/`,
			WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			...extra,
		};
		return env;
	}

	/** Run an n8n CLI command to completion. */
	async cli(
		args: string[],
		opts: { env?: NodeJS.ProcessEnv; check?: boolean; timeoutMs?: number } = {},
	) {
		return run(this.install.bin, args, {
			env: this.env(opts.env),
			cwd: this.userFolder,
			logFile: path.join(this.logDir, 'cli.log'),
			check: opts.check ?? true,
			timeoutMs: opts.timeoutMs ?? 3 * 60_000,
		});
	}

	private writeTemp(name: string, content: unknown): string {
		const dir = path.join(this.userFolder, 'fixtures');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, name);
		fs.writeFileSync(file, JSON.stringify(content, null, 2));
		return file;
	}

	/** `import:credentials` with plain `data`; n8n encrypts it with the instance key. Upserts by id. */
	async importCredentials(creds: CredentialFixture[]): Promise<void> {
		const file = this.writeTemp(`credentials-${Date.now()}.json`, creds);
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	/** `import:workflow` (upserts by id); several at once with `--separate` (one n8n boot, not N). */
	async importWorkflows(workflows: Array<Record<string, unknown>>): Promise<void> {
		if (workflows.length === 1) {
			const file = this.writeTemp(`workflow-${String(workflows[0].id)}.json`, workflows[0]);
			await this.cli(['import:workflow', `--input=${file}`]);
			return;
		}
		const dir = path.join(this.userFolder, 'fixtures', `workflows-${Date.now()}`);
		fs.mkdirSync(dir, { recursive: true });
		for (const wf of workflows) {
			fs.writeFileSync(path.join(dir, `${String(wf.id)}.json`), JSON.stringify(wf, null, 2));
		}
		await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/** Make a trigger workflow live (before `start`): `publish:workflow` in 2.x, `--active` in 1.x. */
	async activateWorkflow(id: string): Promise<void> {
		if (this.install.major >= 2) await this.cli(['publish:workflow', `--id=${id}`]);
		else await this.cli(['update:workflow', `--id=${id}`, '--active=true']);
	}

	/**
	 * `n8n execute --id --rawOutput` and parse the run JSON out of the NDJSON log stream
	 * (the JSON is one log message; other log lines surround it). Exit code 1 = run failed.
	 */
	async execute(workflowId: string): Promise<ExecuteResult> {
		const res = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			check: false,
			timeoutMs: 4 * 60_000,
		});
		const logs = res.stdout + res.stderr;
		fs.appendFileSync(
			path.join(this.logDir, `execute-${workflowId}.log`),
			`--- exit ${res.code} after ${res.ms} ms\n${logs}\n`,
		);
		return { code: res.code, ms: res.ms, run: parseRunJson(logs), logs };
	}

	/** `n8n start` in the background; resolves when /healthz/readiness says ok. */
	async start(extraEnv: NodeJS.ProcessEnv = {}, opts: { echo?: boolean } = {}): Promise<Managed> {
		this.main = startProcess('n8n', this.install.bin, ['start'], {
			env: this.env(extraEnv),
			cwd: this.userFolder,
			logFile: path.join(this.logDir, 'n8n-main.log'),
			echo: opts.echo ? '[n8n] ' : false,
		});
		await this.waitReady(this.main, this.port, 'n8n main');
		// /healthz/readiness only means "DB migrated"; REST routes and webhooks come a bit later,
		// announced by this log line (same text in 1.x and 2.x).
		const main = this.main;
		await waitFor(
			'n8n to print "Editor is now accessible"',
			() => /Editor is now accessible/.test(main.output()),
			60_000,
			200,
		);
		return this.main;
	}

	/** `n8n worker` (queue mode) with its own broker + health ports. */
	async startWorker(
		extraEnv: NodeJS.ProcessEnv = {},
	): Promise<{ proc: Managed; healthPort: number }> {
		const healthPort = await freePort();
		const brokerPort = await freePort();
		const proc = startProcess('n8n-worker', this.install.bin, ['worker', '--concurrency=2'], {
			env: this.env({
				...extraEnv,
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			}),
			cwd: this.userFolder,
			logFile: path.join(this.logDir, 'n8n-worker.log'),
		});
		this.extraProcs.push(proc);
		await this.waitReady(proc, healthPort, 'n8n worker');
		return { proc, healthPort };
	}

	private async waitReady(proc: Managed, port: number, what: string): Promise<void> {
		const ready = waitFor(
			`${what} on 127.0.0.1:${port} to be ready`,
			async () => {
				const r = await fetch(`http://127.0.0.1:${port}/healthz/readiness`).catch(() => undefined);
				return r?.ok;
			},
			120_000,
			300,
		);
		// Fail at once (with n8n's last words) if the process dies instead of becoming ready.
		const died = proc.exited.then((code) => {
			const tail = proc.output().split('\n').slice(-25).join('\n');
			throw new Error(`${what} exited with ${code} before it was ready:\n${tail}`);
		});
		died.catch(() => undefined); // it rejects on every later shutdown too; that is fine
		await Promise.race([ready, died]);
	}

	async stop(): Promise<void> {
		for (const p of this.extraProcs.splice(0)) await p.stop();
		await this.main?.stop();
		this.main = undefined;
	}

	/** Delete the temporary user folder (keeps logs). */
	removeUserFolder(): void {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/** Find the execution JSON in `n8n execute --rawOutput` output (JSON or text log format). */
export function parseRunJson(output: string): ExecutionRun | undefined {
	let found: ExecutionRun | undefined;
	for (const line of output.split('\n')) {
		const t = line.trim();
		if (!t.startsWith('{')) continue;
		try {
			const entry = JSON.parse(t) as { message?: unknown; data?: unknown };
			if (typeof entry.message === 'string' && entry.message.trim().startsWith('{')) {
				const parsed = JSON.parse(entry.message) as ExecutionRun;
				if (parsed?.data?.resultData) found = parsed;
			} else if (entry.data && (entry as ExecutionRun).data.resultData) {
				found = entry as ExecutionRun;
			}
		} catch {
			/* not a JSON line */
		}
	}
	if (found) return found;
	// Text log format: the run JSON is pretty-printed, starting with a line that is exactly "{".
	const start = output.indexOf('\n{\n');
	if (start >= 0) {
		const rest = output.slice(start + 1);
		const end = rest.indexOf('\n}\n');
		try {
			return JSON.parse(rest.slice(0, end >= 0 ? end + 2 : undefined)) as ExecutionRun;
		} catch {
			/* give up */
		}
	}
	return undefined;
}

/** The items a node produced on output `output` (first run), as plain JSON objects. */
export function nodeItems(run: ExecutionRun | undefined, nodeName: string, output = 0) {
	const runs = run?.data.resultData.runData[nodeName];
	if (!runs?.length) return undefined;
	return (runs[0].data?.main?.[output] ?? []).map((i) => i.json);
}
