/**
 * `npm run dev`: n8n's editor on http://127.0.0.1:5678 with this package loaded and live-rebuilt,
 * the CapMonster sandbox running, a ready credential and the example workflows.
 *
 * - `tsc --watch` compiles straight into `<user folder>/.n8n/nodes/node_modules/n8n-nodes-capmonster/dist`
 *   (n8n's community-package folder), and n8n runs with N8N_DEV_RELOAD=true, which reloads the
 *   node when those files change (refresh the browser tab to see new fields).
 * - The user folder persists in `.e2e/dev/` (git-ignored), so your test workflows survive a
 *   restart; `--fresh` starts over. The owner login is printed.
 * - The sandbox listens on 127.0.0.1:8089, the placeholder URL the examples use, so they run
 *   unchanged (--sandbox-port, or any free port when 8089 is taken; the examples are then
 *   rewritten). A restart reuses the previous start's port when it is free.
 * - Every credential the examples use is (re)written on every start ("CapMonster sandbox",
 *   "CapMonster (failing key)", and "OpenAI-compatible model" → test/fakeModel, a scripted chat
 *   model started alongside, for the AI Agent example); the examples are imported on the first start, an example added
 *   to the repository later on the next start, and all again when the sandbox's address changed.
 *
 * Options: --port <n8n port, default 5678>  --sandbox-port <port>  --n8n <version>  --fresh
 * Ctrl-C stops n8n, tsc, the sandbox and the fake model.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { info, warn } from './lib/log';
import { N8N_V2, N8nInstance, ensureN8n } from './lib/n8n';
import { REPO_ROOT, prepareDevPackageDir } from './lib/pkg';
import { freePort, isListening } from './lib/ports';
import {
	cleanup,
	installCleanupHandlers,
	shuttingDown,
	startProcess,
	waitFor,
	type Managed,
} from './lib/proc';
import { N8nRest, OWNER } from './lib/rest';
import { startSandboxProcess } from './lib/sandbox';
import {
	EXAMPLES_DIR,
	FAILING_CREDENTIAL,
	PLACEHOLDER_URL,
	SANDBOX_CREDENTIAL,
	WORKFLOW_IDS,
	credential,
	loadExample,
} from './lib/workflows';

const USAGE = `usage: npm run dev -- [--port 5678] [--sandbox-port 8089] [--n8n ${N8N_V2}] [--fresh]
  --port <n>          n8n's editor port (default 5678)
  --sandbox-port <n>  the CapMonster sandbox's port (default: the previous start's, else 8089, else any free one)
  --n8n <version>     which n8n to run (default ${N8N_V2})
  --fresh             start over: delete the dev user folder (owner, credentials, workflows, executions)`;

/** The key the sandbox rejects (ERROR_KEY_DOES_NOT_EXIST), for the failure-path examples. */
const FAILING_KEY = 'wrong-key';

/** The chat model credential examples/ai-agent.json uses; here it points at the fake model. */
const MODEL_CREDENTIAL = { id: 'cmOpenAiCompat01', name: 'OpenAI-compatible model' };

/** test/fakeModel (a scripted OpenAI-compatible chat model) on a free loopback port, for the AI Agent example. */
async function startFakeModel(logFile: string): Promise<{ url: string; proc: Managed }> {
	const port = await freePort();
	const proc = startProcess(
		'fake-model',
		path.join(REPO_ROOT, 'node_modules', '.bin', 'ts-node'),
		[
			'--transpile-only',
			path.join(REPO_ROOT, 'test', 'fakeModel', 'cli.ts'),
			'--port',
			String(port),
		],
		{ cwd: REPO_ROOT, logFile },
	);
	const url = `http://127.0.0.1:${port}/v1`;
	await waitFor(
		`the fake chat model on ${url}`,
		async () => (await fetch(`${url}/models`).catch(() => undefined))?.ok,
		30_000,
		200,
	);
	return { url, proc };
}

function parseArgs(argv: string[]) {
	const args: { port: number; sandboxPort?: number; version: string; fresh: boolean } = {
		port: 5678,
		version: N8N_V2,
		fresh: false,
	};
	const port = (flag: string, value: string | undefined): number => {
		const n = Number(value);
		if (!Number.isInteger(n) || n <= 0 || n > 65535)
			throw new Error(`${flag} needs a port number (1-65535), got ${String(value)}\n${USAGE}`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const value = () => inline ?? argv[++i];
		if (flag === '--port') args.port = port(flag, value());
		else if (flag === '--sandbox-port') args.sandboxPort = port(flag, value());
		else if (flag === '--n8n') {
			const v = value();
			if (!v) throw new Error(`--n8n needs a version\n${USAGE}`);
			args.version = v;
		} else if (flag === '--fresh') args.fresh = true;
		else if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		} else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
	}
	if (args.sandboxPort === args.port) throw new Error('--port and --sandbox-port must differ');
	return args;
}

/** What a dev user folder remembers between starts. */
interface DevState {
	/** The sandbox URL the examples were imported for. */
	examplesSandboxUrl?: string;
	/** The workflow ids of the examples imported so far (an example added to the repo later is new). */
	examplesImported?: string[];
}

function readState(file: string): DevState {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as DevState;
	} catch {
		return {};
	}
}

/** --sandbox-port if given (it must be free), else the previous start's port, else 8089, else any. */
async function chooseSandboxPort(
	requested: number | undefined,
	previousUrl: string | undefined,
): Promise<number | undefined> {
	if (requested !== undefined) {
		if (await isListening(requested))
			throw new Error(`127.0.0.1:${requested} is already in use; choose another --sandbox-port.`);
		return requested;
	}
	const candidates = [previousUrl ? Number(new URL(previousUrl).port) : undefined];
	candidates.push(Number(new URL(PLACEHOLDER_URL).port));
	for (const candidate of candidates) {
		if (candidate && !(await isListening(candidate))) return candidate;
	}
	return undefined; // any free port
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	installCleanupHandlers();
	if (await isListening(args.port)) {
		throw new Error(
			`127.0.0.1:${args.port} is already in use (another n8n?). Stop it or use --port.`,
		);
	}

	const install = await ensureN8n(args.version);
	const devDir = path.join(REPO_ROOT, '.e2e', 'dev');
	const userFolder = path.join(devDir, `n8n-${args.version}`);
	if (args.fresh) fs.rmSync(userFolder, { recursive: true, force: true });
	const firstRun = !fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));
	const stateFile = path.join(userFolder, 'capmonster-dev.json');
	// A folder from before the state file existed got the five examples of that time, for the
	// placeholder URL.
	const state: DevState = firstRun
		? {}
		: {
				examplesSandboxUrl: PLACEHOLDER_URL,
				examplesImported: [
					WORKFLOW_IDS.solveAndSubmit,
					WORKFLOW_IDS.imageFromBinary,
					WORKFLOW_IDS.asyncWithWait,
					WORKFLOW_IDS.failurePath,
					WORKFLOW_IDS.failurePathContinue,
				],
				...readState(stateFile),
			};
	const n8n = await N8nInstance.create(install, {
		logDir: path.join(devDir, 'logs'),
		userFolder,
		port: args.port,
	});

	// The sandbox on the examples' placeholder port if possible (or where it was last time).
	const placeholderPort = Number(new URL(PLACEHOLDER_URL).port);
	const sandbox = await startSandboxProcess({
		port: await chooseSandboxPort(args.sandboxPort, state.examplesSandboxUrl),
		logFile: path.join(devDir, 'logs', 'sandbox.log'),
	});
	if (args.sandboxPort === undefined && sandbox.port !== placeholderPort) {
		const previous = state.examplesSandboxUrl && new URL(state.examplesSandboxUrl).port;
		if (String(sandbox.port) !== previous)
			warn(`port ${placeholderPort} is taken; the sandbox runs on ${sandbox.url} instead`);
	}

	// Compile into n8n's package folder and keep compiling on change.
	const pkgDir = prepareDevPackageDir(n8n.nodesDir);
	info(`compiling into ${path.relative(REPO_ROOT, pkgDir)}/dist (tsc --watch)…`);
	const tsc = startProcess(
		'tsc',
		path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'),
		[
			'-p',
			'tsconfig.json',
			'--watch',
			'--preserveWatchOutput',
			'--outDir',
			path.join(pkgDir, 'dist'),
		],
		{ cwd: REPO_ROOT, echo: '[tsc] ' },
	);
	await waitFor(
		'the first tsc build',
		() => /Watching for file changes/.test(tsc.output()),
		180_000,
		300,
	);
	if (/error TS/.test(tsc.output()))
		warn('tsc reported errors (above); n8n may not load the node until they are fixed');

	// Every credential the examples use, written again on every start (the URLs may differ).
	const model = await startFakeModel(path.join(devDir, 'logs', 'fake-model.log'));
	await n8n.importCredentials([
		credential(SANDBOX_CREDENTIAL, sandbox.url, sandbox.key),
		credential(FAILING_CREDENTIAL, sandbox.url, FAILING_KEY),
		{ ...MODEL_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-fake-dev', url: model.url } },
	]);
	// The examples: all on the first start and when they point at another sandbox address; an
	// example added to the repository since the last start is imported on its own.
	const examples = fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => loadExample(f, sandbox.url));
	const moved = !firstRun && state.examplesSandboxUrl !== sandbox.url;
	const known = new Set(state.examplesImported ?? []);
	const wanted = firstRun || moved ? examples : examples.filter((wf) => !known.has(wf.id));
	let examplesNote = 'imported on the first start';
	if (wanted.length) {
		await n8n.importWorkflows(wanted);
		if (firstRun) examplesNote = `${wanted.length} imported`;
		else if (moved) {
			examplesNote = `${wanted.length} imported again for the sandbox on ${sandbox.url}`;
			info(
				`example workflows: ${examplesNote} (they pointed at ${state.examplesSandboxUrl}); edits made to them are replaced, your other workflows are untouched`,
			);
		} else examplesNote = `new: ${wanted.map((wf) => `"${wf.name}"`).join(', ')}`;
		if (!moved) info(`example workflows: ${examplesNote}`);
	}
	const next: DevState = {
		examplesSandboxUrl: sandbox.url,
		examplesImported: examples.map((wf) => wf.id),
	};
	fs.writeFileSync(stateFile, JSON.stringify(next, null, 2) + '\n');

	info('starting n8n (N8N_DEV_RELOAD=true)…');
	const main = await n8n.start(
		{
			N8N_DEV_RELOAD: 'true',
			// Readable logs in the terminal (the e2e suite uses JSON).
			N8N_LOG_FORMAT: 'text',
		},
		{ echo: true },
	);
	const rest = new N8nRest(n8n.baseUrl, install);
	// Only on a folder without an owner: asking n8n to set one up again makes it log a 400.
	const ownerCreated = !(await rest.ownerExists());
	if (ownerCreated) await rest.setupOwner();

	console.log(`
────────────────────────────────────────────────────────────────────────────
  n8n ${install.version} editor:   ${n8n.baseUrl}
  log in:              ${OWNER.email} / ${OWNER.password}${ownerCreated ? ' (created just now)' : ' (created on the first run)'}
  credentials:         "${SANDBOX_CREDENTIAL.name}" → sandbox ${sandbox.url}, key ${sandbox.key}
                       "${FAILING_CREDENTIAL.name}" → the same sandbox, key ${FAILING_KEY} (rejected)
                       "${MODEL_CREDENTIAL.name}" → a scripted fake chat model, ${model.url}
  sandbox:             ${sandbox.url}/demo/ (demo form), ${sandbox.url}/__control/stats
  examples:            ${examplesNote} (Overview → Workflows; open one, then Execute workflow)
  node code:           edit nodes/ or credentials/; tsc recompiles, n8n reloads, refresh the tab
  user folder:         ${path.relative(REPO_ROOT, userFolder)} (npm run dev -- --fresh to start over)
  stop:                Ctrl-C (stops n8n, tsc, the sandbox and the fake model)
────────────────────────────────────────────────────────────────────────────
`);
	// Run until Ctrl-C (the signal handler stops everything) or until n8n or tsc dies.
	const ended = await Promise.race([
		main.exited.then((code) => `n8n exited (${code})`),
		tsc.exited.then((code) => `tsc --watch exited (${code})`),
	]);
	if (shuttingDown()) return new Promise<void>(() => undefined); // Ctrl-C: the handler exits
	throw new Error(`${ended}; see ${path.relative(REPO_ROOT, path.join(devDir, 'logs'))}`);
}

main().catch(async (e: unknown) => {
	if (shuttingDown()) return;
	console.error(`\ndev failed: ${e instanceof Error ? e.message : String(e)}`);
	await cleanup();
	process.exit(1);
});
