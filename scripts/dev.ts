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
 *   unchanged (any free port when 8089 is taken; the examples are then rewritten).
 *
 * Options: --port <n8n port, default 5678>  --n8n <version, default 2.8.4>  --fresh
 * Ctrl-C stops n8n, tsc and the sandbox.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { info, warn } from './lib/log';
import { N8N_V2, N8nInstance, ensureN8n } from './lib/n8n';
import { REPO_ROOT, prepareDevPackageDir } from './lib/pkg';
import { isListening } from './lib/ports';
import { cleanup, installCleanupHandlers, shuttingDown, startProcess, waitFor } from './lib/proc';
import { N8nRest, OWNER } from './lib/rest';
import { startSandboxProcess } from './lib/sandbox';
import {
	EXAMPLES_DIR,
	PLACEHOLDER_URL,
	SANDBOX_CREDENTIAL,
	credential,
	loadExample,
} from './lib/workflows';

function parseArgs(argv: string[]) {
	const args = { port: 5678, version: N8N_V2, fresh: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--port') args.port = Number(argv[++i]);
		else if (a === '--n8n') args.version = argv[++i];
		else if (a === '--fresh') args.fresh = true;
		else if (a === '--help' || a === '-h') {
			console.log('usage: npm run dev -- [--port 5678] [--n8n 2.8.4] [--fresh]');
			process.exit(0);
		} else throw new Error(`unknown argument ${a} (try --help)`);
	}
	if (!Number.isInteger(args.port) || args.port <= 0) throw new Error('--port needs a number');
	return args;
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
	const n8n = await N8nInstance.create(install, {
		logDir: path.join(devDir, 'logs'),
		userFolder,
		port: args.port,
	});

	// The sandbox on the examples' placeholder port if possible.
	const placeholderPort = Number(new URL(PLACEHOLDER_URL).port);
	const sandbox = await startSandboxProcess({
		port: (await isListening(placeholderPort)) ? undefined : placeholderPort,
		logFile: path.join(devDir, 'logs', 'sandbox.log'),
	});
	if (sandbox.port !== placeholderPort) {
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

	// A ready credential (re-imported every start: the sandbox URL may differ), the examples on first run.
	await n8n.importCredentials([credential(SANDBOX_CREDENTIAL, sandbox.url, sandbox.key)]);
	if (firstRun) {
		const examples = fs
			.readdirSync(EXAMPLES_DIR)
			.filter((f) => f.endsWith('.json'))
			.map((f) => loadExample(f, sandbox.url));
		await n8n.importWorkflows(examples);
		info(`imported ${examples.length} example workflows`);
	}

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
	let ownerCreated = false;
	try {
		await rest.setupOwner();
		ownerCreated = true;
	} catch {
		/* owner exists from an earlier run */
	}

	console.log(`
────────────────────────────────────────────────────────────────────────────
  n8n ${install.version} editor:   ${n8n.baseUrl}
  log in:              ${OWNER.email} / ${OWNER.password}${ownerCreated ? ' (created just now)' : ' (created on the first run)'}
  credential:          "${SANDBOX_CREDENTIAL.name}" → sandbox ${sandbox.url}, key ${sandbox.key}
  sandbox:             ${sandbox.url}/demo/ (demo form), ${sandbox.url}/__control/stats
  examples:            ${firstRun ? 'imported' : 'imported on the first run'} (Overview → Workflows)
  node code:           edit nodes/ or credentials/; tsc recompiles, n8n reloads, refresh the tab
  user folder:         ${path.relative(REPO_ROOT, userFolder)} (npm run dev -- --fresh to start over)
  stop:                Ctrl-C (stops n8n, tsc and the sandbox)
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
