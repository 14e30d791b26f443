/**
 * End-to-end suite: the packed package inside real, pinned n8n versions, against the local
 * CapMonster sandbox. `npm run test:e2e [-- --only <name>[,<name>…]] [--n8n <version>] [--keep]`
 *
 * Steps: install the pinned n8n versions into the cache (first run only) while building and
 * packing the package and starting the sandbox; then, per n8n version, run each scenario in
 * fresh n8n user folders. Prints `e2e: N passed, M failed` last; exits non-zero on any failure.
 * Every process started (n8n, worker, Redis, sandbox, browser) is stopped at the end, on error
 * and on Ctrl-C.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
	TESTED,
	TESTED_N8N_VERSIONS,
	describeInstall,
	describeVersion,
	ensureN8n,
	type N8nInstall,
} from '../../scripts/lib/n8n';
import { buildAndPack, REPO_ROOT } from '../../scripts/lib/pkg';
import { cleanup, installCleanupHandlers, onCleanup, shuttingDown } from '../../scripts/lib/proc';
import { startSandboxProcess as startSandbox } from '../../scripts/lib/sandbox';
import { ensureRedis } from '../../scripts/lib/redis';
import { ensurePostgres } from '../../scripts/lib/postgres';
import { ensureChromium } from '../../scripts/lib/browser';
import { info, elapsed } from '../../scripts/lib/log';
import { disposeContext, makeContext, writeJson, type Result, type Scenario } from './harness';
import { solveAndSubmit } from './scenarios/solveAndSubmit';
import { imageFromBinary } from './scenarios/imageFromBinary';
import { asyncWithWait } from './scenarios/asyncWithWait';
import { failurePath } from './scenarios/failurePath';
import { errorOutput } from './scenarios/errorOutput';
import { queueMode } from './scenarios/queueMode';
import { queueScale } from './scenarios/queueScale';
import { editor } from './scenarios/editor';
import { aiAgent } from './scenarios/aiAgent';
import { detectAndSolve } from './scenarios/detectAndSolve';

/**
 * Every scenario, in the order they run; every n8n version runs all of them. A new scenario is
 * one file in scenarios/ and one line here (set `needs` if it uses Redis or Chromium).
 */
const SCENARIOS: Scenario[] = [
	solveAndSubmit,
	imageFromBinary,
	asyncWithWait,
	failurePath,
	errorOutput,
	queueMode,
	queueScale,
	editor,
	aiAgent,
	detectAndSolve,
];

/** Bad command line: print the message and usage, no stack trace. */
class UsageError extends Error {}

interface Args {
	only: string[];
	versions: string[];
	keep: boolean;
	skipBuild: boolean;
	list: boolean;
	installOnly: boolean;
}

function usage(): string {
	return [
		'usage: npm run test:e2e -- [--only <scenario>[,<scenario>…]] [--n8n <version>]… [--keep] [--skip-build] [--list] [--install-only]',
		`  scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`,
		`  n8n versions tested by default: ${TESTED.map((t) => `${describeVersion(t.n8n)} (${t.role})`).join(', ')}`,
		'  --keep        keep the temporary n8n user folders (paths are printed)',
		'  --skip-build  pack the existing dist/ instead of running npm run build',
		'  --install-only  install the n8n versions (and the Node.js they need) into the cache, run nothing',
	].join('\n');
}

function parseArgs(argv: string[]): Args {
	const args: Args = {
		only: [],
		versions: [],
		keep: false,
		skipBuild: false,
		list: false,
		installOnly: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			const [, inline] = a.split('=');
			if (inline !== undefined && a.includes('=')) return inline;
			const v = argv[++i];
			if (v === undefined) throw new UsageError(`${a} needs a value\n${usage()}`);
			return v;
		};
		if (a.startsWith('--only'))
			args.only.push(
				...value()
					.split(',')
					.map((s) => s.trim())
					.filter(Boolean),
			);
		else if (a.startsWith('--n8n')) args.versions.push(value());
		else if (a === '--keep') args.keep = true;
		else if (a === '--skip-build') args.skipBuild = true;
		else if (a === '--list') args.list = true;
		else if (a === '--install-only') args.installOnly = true;
		else if (a === '--help' || a === '-h') {
			process.stdout.write(usage() + '\n');
			process.exit(0);
		} else throw new UsageError(`unknown argument ${a}\n${usage()}`);
	}
	return args;
}

/** Keep the newest `keep` run folders under .e2e/logs (each holds logs, tarball, screenshots). */
function pruneOldLogs(dir: string, keep: number): void {
	const runs = fs.readdirSync(dir).sort(); // ISO timestamps sort by time
	for (const old of runs.slice(0, Math.max(0, runs.length - keep))) {
		fs.rmSync(path.join(dir, old), { recursive: true, force: true });
	}
}

async function main(): Promise<number> {
	const args = parseArgs(process.argv.slice(2));
	if (args.list) {
		for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(20)} ${s.title}\n`);
		process.stdout.write('\nn8n versions (each runs every scenario):\n');
		for (const t of TESTED)
			process.stdout.write(`${t.n8n.padEnd(20)} ${describeVersion(t.n8n)}: ${t.role}\n`);
		return 0;
	}
	const unknown = args.only.filter((o) => !SCENARIOS.some((s) => s.name === o));
	if (unknown.length)
		throw new UsageError(`unknown scenario(s): ${unknown.join(', ')}\n${usage()}`);
	const scenarios = args.only.length
		? SCENARIOS.filter((s) => args.only.includes(s.name))
		: SCENARIOS;
	const versions = args.versions.length ? args.versions : TESTED_N8N_VERSIONS;

	installCleanupHandlers();
	if (args.installOnly) {
		// .ci/run starts this early, so the installs overlap lint and the unit tests.
		let failed = 0;
		for (const v of versions) {
			try {
				const install = await ensureN8n(v);
				info(`ready: ${describeInstall(install)}`);
			} catch (e) {
				failed++;
				info(`✘ n8n ${v} could not be installed: ${e instanceof Error ? e.message : e}`);
			}
		}
		return failed ? 1 : 0;
	}
	const runId = new Date().toISOString().replace(/[:.]/g, '-');
	const logRoot = path.join(REPO_ROOT, '.e2e', 'logs', runId);
	fs.mkdirSync(logRoot, { recursive: true });
	pruneOldLogs(path.dirname(logRoot), 10);
	info(`e2e: n8n ${versions.join(' + ')}; scenarios: ${scenarios.map((s) => s.name).join(', ')}`);
	info(`logs: ${path.relative(REPO_ROOT, logRoot)}`);

	// Slow preparations run side by side: n8n installs (one after the other, they compete for
	// the same 2 cores), system packages, and build + pack + sandbox.
	const installs = new Map<string, Promise<N8nInstall>>();
	let chain: Promise<unknown> = Promise.resolve();
	for (const v of versions) {
		const p = chain.then(() => ensureN8n(v));
		installs.set(v, p);
		chain = p.catch(() => undefined);
		p.catch(() => undefined); // reported when awaited
	}
	const systemDeps: Promise<unknown>[] = [];
	if (scenarios.some((s) => s.needs?.includes('redis'))) systemDeps.push(ensureRedis());
	if (scenarios.some((s) => s.needs?.includes('postgres'))) systemDeps.push(ensurePostgres());
	if (scenarios.some((s) => s.needs?.includes('chromium'))) systemDeps.push(ensureChromium());
	systemDeps.forEach((p) => p.catch(() => undefined));

	const tarball = await buildAndPack(path.join(logRoot, 'pack'), {
		skipBuild: args.skipBuild,
		logFile: path.join(logRoot, 'build.log'),
	});
	const sandbox = await startSandbox({ logFile: path.join(logRoot, 'sandbox.log') });
	onCleanup(() => sandbox.stop());
	info(`sandbox on ${sandbox.url} (key ${sandbox.key})`);

	const results: Result[] = [];
	const ran: Array<Record<string, unknown>> = [];
	for (const version of versions) {
		let install: N8nInstall;
		try {
			install = await installs.get(version)!;
		} catch (e) {
			results.push({
				version,
				scenario: 'install',
				check: `install n8n ${version}`,
				ok: false,
				ms: 0,
				error: String(e),
			});
			info(`✘ n8n ${version} could not be installed: ${e instanceof Error ? e.message : e}`);
			continue;
		}
		info(`── ${describeInstall(install)} (${install.dir})`);
		for (const sub of install.marker.substitutions ?? [])
			info(`   ${sub.name} ${sub.used} instead of ${sub.wanted} (pinned by ${sub.pinnedBy})`);
		ran.push({
			n8n: version,
			node: install.runtime.version,
			nodeSource: install.runtime.source,
			installedAt: install.marker.installedAt,
			installedNow: install.fresh,
			installMs: install.marker.installMs,
			substitutions: install.marker.substitutions ?? [],
		});
		for (const scenario of scenarios) {
			info(`▶ [${version}] ${scenario.name}: ${scenario.title}`);
			const ctx = makeContext({
				install,
				tarball,
				sandbox,
				logDir: path.join(logRoot, version, scenario.name),
				keep: args.keep,
				scenario: scenario.name,
				results,
			});
			const started = Date.now();
			const before = results.length;
			try {
				await sandbox.reset().catch(() => undefined);
				await scenario.run(ctx);
			} catch (e) {
				if (shuttingDown()) throw e; // Ctrl-C: stop here, quietly
				// A crash outside of a check (setup failed) counts as one failed test.
				const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
				results.push({
					version,
					scenario: scenario.name,
					check: 'setup',
					ok: false,
					ms: Date.now() - started,
					error,
				});
				info(
					`  ✘ ${scenario.name} could not run:\n${error
						.split('\n')
						.slice(0, 30)
						.map((l) => '      ' + l)
						.join('\n')}`,
				);
			} finally {
				await disposeContext(ctx).catch(() => undefined);
			}
			if (results.length === before) {
				results.push({
					version,
					scenario: scenario.name,
					check: 'ran no checks',
					ok: false,
					ms: 0,
				});
			}
			info(`  ${scenario.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		}
	}
	await Promise.allSettled(systemDeps);

	writeJson(path.join(logRoot, 'results.json'), results);
	// Which versions really ran (an internal package may have run in another patch version than
	// n8n pins, when the registry lacks the pinned one).
	writeJson(path.join(logRoot, 'versions.json'), ran);
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	process.stdout.write('\n');
	for (const r of results.filter((x) => !x.ok)) {
		process.stdout.write(`FAILED [${r.version}] ${r.scenario}: ${r.check}\n`);
	}
	for (const r of ran) {
		const subs = r.substitutions as Array<{ name: string; wanted: string; used: string }>;
		const mine = results.filter((x) => x.version === r.n8n);
		process.stdout.write(
			`ran n8n ${r.n8n} on Node.js ${r.node} (${r.nodeSource}): ${mine.filter((x) => x.ok).length}/${mine.length} checks passed` +
				(subs.length
					? `; ${subs.length} internal packages in other versions than n8n pins (missing from the registry): ${subs
							.map((x) => `${x.name} ${x.used} for ${x.wanted}`)
							.join(', ')}`
					: '; every package exactly as n8n pins it') +
				'\n',
		);
	}
	info(`total time ${elapsed()}; logs in ${path.relative(REPO_ROOT, logRoot)}`);
	process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
	return failed === 0 && passed > 0 ? 0 : 1;
}

// After Ctrl-C the signal handler owns the shutdown (and the exit code); the scenario that was
// running fails in the meantime, which must neither print nor exit early.
main()
	.then(async (code) => {
		if (shuttingDown()) return;
		await cleanup();
		process.exit(code);
	})
	.catch(async (e: unknown) => {
		if (shuttingDown()) return;
		const text =
			e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
		process.stderr.write(`\n${text}\n`);
		await cleanup();
		process.stdout.write('e2e: 0 passed, 1 failed\n');
		process.exit(1);
	});
