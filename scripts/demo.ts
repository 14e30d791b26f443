/**
 * `npm run demo`: the Solve-and-submit example in a real n8n, explained in plain words.
 *
 * - Without CAPMONSTER_API_KEY: against the local sandbox (no network, no money): the sandbox
 *   solves the reCAPTCHA, n8n posts the token to the sandbox's demo form, which accepts it.
 * - With CAPMONSTER_API_KEY: against the real CapMonster Cloud (spends real balance: one
 *   reCAPTCHA v2 solve) on the vendor's reCAPTCHA v2 demo page; the form step is skipped.
 *
 * The newest tested n8n 2.x (scripts/lib/versions.ts, with the Node.js 24 it needs) is installed into
 * ~/.cache/n8n-nodes-capmonster on first use (several minutes).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatMs, info } from './lib/log';
import { N8N_V2, N8nInstance, ensureN8n, nodeItems, type ExecutionRun } from './lib/n8n';
import { REPO_ROOT, buildAndPack, installTarball } from './lib/pkg';
import { cleanup, installCleanupHandlers, onCleanup, shuttingDown } from './lib/proc';
import { startSandboxProcess } from './lib/sandbox';
import { SANDBOX_CREDENTIAL, credential, loadExample, solveOnlyForCloud } from './lib/workflows';

/** CAPMONSTER_BASE_URL: only to aim "real mode" at a compatible gateway (or a sandbox, for testing). */
const CLOUD_URL = process.env.CAPMONSTER_BASE_URL?.trim() || 'https://api.capmonster.cloud';
/** The vendor's public reCAPTCHA v2 demo page and its site key. */
const CLOUD_DEMO_PAGE = 'https://lessons.zennolab.com/captchas/recaptcha/v2_simple.php?level=high';
const CLOUD_DEMO_SITE_KEY = '6Lcg7CMUAAAAANphynKgn9YAgA4tQ2KI_iqRyTwd';

function shorten(token: string): string {
	return token.length <= 24
		? token
		: `${token.slice(0, 12)}…${token.slice(-8)} (${token.length} characters)`;
}

function nodeTime(run: ExecutionRun | undefined, node: string): number | undefined {
	const r = run?.data.resultData.runData[node]?.[0] as { executionTime?: number } | undefined;
	return r?.executionTime;
}

async function main(): Promise<number> {
	installCleanupHandlers();
	const apiKey = process.env.CAPMONSTER_API_KEY?.trim();
	const cloud = Boolean(apiKey);
	const logDir = path.join(REPO_ROOT, '.e2e', 'demo');
	fs.rmSync(logDir, { recursive: true, force: true });

	console.log(
		cloud
			? `\nCapMonster demo — REAL mode: CAPMONSTER_API_KEY is set, so this solves one reCAPTCHA v2 on\n${CLOUD_DEMO_PAGE}\nwith ${CLOUD_URL} and spends a little of your balance.\n`
			: '\nCapMonster demo — sandbox mode: everything runs on this machine, no key and no money needed.\n(Set CAPMONSTER_API_KEY to try the real CapMonster Cloud instead.)\n',
	);

	// ensureN8n says itself whether it reuses the cached install or installs now (with progress).
	const install = await ensureN8n(N8N_V2);

	info('building and packing this package, installing it into a fresh n8n user folder');
	const tarball = await buildAndPack(path.join(REPO_ROOT, '.e2e', 'pack'), {
		logFile: path.join(logDir, 'build.log'),
	});
	const n8n = await N8nInstance.create(install, { logDir });
	onCleanup(() => n8n.removeUserFolder());
	await installTarball(tarball, n8n.nodesDir);

	let workflow;
	let cred;
	let form: { url: string } | undefined;
	let sandbox: Awaited<ReturnType<typeof startSandboxProcess>> | undefined;
	if (cloud) {
		workflow = solveOnlyForCloud(CLOUD_DEMO_PAGE, CLOUD_DEMO_SITE_KEY);
		cred = credential({ id: SANDBOX_CREDENTIAL.id, name: 'CapMonster Cloud' }, CLOUD_URL, apiKey!);
	} else {
		info('starting the local CapMonster sandbox');
		sandbox = await startSandboxProcess({ logFile: path.join(logDir, 'sandbox.log') });
		onCleanup(() => sandbox?.stop());
		info(`  sandbox: ${sandbox.url} (key ${sandbox.key})`);
		workflow = loadExample('solve-and-submit.json', sandbox.url);
		cred = credential(SANDBOX_CREDENTIAL, sandbox.url, sandbox.key);
		form = { url: `${sandbox.url}/demo/form` };
	}
	await n8n.importCredentials([cred]);
	await n8n.importWorkflows([workflow]);

	info(`running the workflow "${workflow.name}" in n8n (n8n execute)…`);
	const res = await n8n.execute(workflow.id);
	const run = res.run;
	const solved = nodeItems(run, 'Solve reCAPTCHA')?.[0];
	const error = run?.data.resultData.error;

	console.log('');
	if (res.code !== 0 || !solved || solved.error) {
		console.log('The workflow did not succeed.');
		if (error) console.log(`  error: ${error.message}\n  ${error.description ?? ''}`);
		else if (solved?.error) console.log(`  error: ${String(solved.error)}`);
		else
			console.log(
				`  n8n exited with code ${res.code}; output is in ${path.relative(REPO_ROOT, logDir)}`,
			);
		return 1;
	}
	const token = String(solved.token ?? '');
	const solveMs = nodeTime(run, 'Solve reCAPTCHA');
	console.log(`Task id:        ${String(solved.taskId)}`);
	console.log(`Token:          ${shorten(token)}`);
	console.log(
		`Time taken:     ${solveMs !== undefined ? `${formatMs(solveMs)} to solve` : 'n/a'}; the whole n8n run took ${formatMs(res.ms)} (mostly n8n starting up)`,
	);
	if (typeof solved.cost === 'number') console.log(`Cost:           $${solved.cost}`);
	if (cloud) {
		console.log(
			'Form accepted:  not tried (real mode solves only; the token is for the demo page above)',
		);
	} else {
		const submitted = nodeItems(run, 'Submit form')?.[0];
		const accepted = submitted?.accepted === true;
		console.log(
			`Form accepted:  ${accepted ? 'yes' : 'NO'} — n8n posted the token to ${form!.url}${
				accepted ? '' : ` (answer: ${JSON.stringify(submitted)})`
			}`,
		);
		const reported = run?.data.resultData.runData['Report incorrect token'];
		if (reported)
			console.log('                the workflow reported the token to CapMonster as incorrect');
		console.log('');
		return accepted ? 0 : 1;
	}
	console.log('');
	return 0;
}

main()
	.then(async (code) => {
		if (shuttingDown()) return; // Ctrl-C: the signal handler stops everything and exits
		await cleanup();
		process.exit(code);
	})
	.catch(async (e: unknown) => {
		if (shuttingDown()) return;
		console.error(`\ndemo failed: ${e instanceof Error ? e.message : String(e)}`);
		await cleanup();
		process.exit(1);
	});
