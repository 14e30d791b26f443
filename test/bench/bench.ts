/**
 * Benchmark (issue "Performance"): the node inside n8n-core's real WorkflowExecute, in this
 * process, against the sandbox running as a child process (test/sandbox/cli.ts), so the CPU time
 * and memory measured here are the node's and the engine's alone.
 *
 *   npm run bench -- [--json] [--n 50] [--solve-ms 8000] [--type recaptchaV2] [--serial-at 10]
 *   npm run bench -- --preset targets [--json]     the issue's targets, with pass/fail per target
 *   npm run bench -- --preset scaling [--json]     wall time against N (1, 10, 50, 100)
 *   --concurrency C   measure only that Max Concurrent Tasks (no serial comparison)
 *   --cpu-prof FILE   write a V8 CPU profile of the measured runs (after the warm-up)
 *   --repeat R        measure each configuration R times and report medians (preset targets: 3 for N=50)
 * With --json the first line is `{ machine: … }`, then one object per configuration, then (preset
 * targets) one `{ target, config, value, limit, pass }` per target.
 *
 * Every task takes exactly T (--solve-ms) in the sandbox. One run compares, for N items:
 * - serial: Max Concurrent Tasks 1, the way peer nodes work. Measured at min(N, --serial-at) items
 *   and scaled linearly to N (`serialMeasuredAt` says so) — serial time is N × one task's time.
 * - default: Max Concurrent Tasks 10.
 * - n: Max Concurrent Tasks N, capped at 100.
 * - helperOnly (preset targets): no node and no engine — n8n-core's request helper alone sends the
 *   node's createTask body and polls on the node's schedule. cpuMsPerTask above this row is what
 *   the node and the engine add; this row is the floor any node using n8n's helper pays.
 *
 * Figures per configuration (one JSON object each with --json):
 * - wallMs: the execution's wall time (scaled for serial); ratioVsSerial: serial wallMs / wallMs.
 * - requestsPerTask, pollsPerTaskMax, minPollGapMs, pollViolations: from the sandbox.
 * - addedLatencyP50Ms/P95Ms: per task, sandbox deliveredAt (the poll that returned "ready")
 *   minus readyAt — what polling adds on top of the solve time. Both timestamps are the sandbox's.
 *   (The engine hands all items back together at the end of the execution, so a per-item return
 *   time does not exist; the ready poll is when the node has the item's result.)
 * - cpuMsPerTask: process.cpuUsage() of this process over the run / N (the sandbox is a separate
 *   process and not included; its own CPU is reported as sandboxCpuMsPerTask). This counts every
 *   thread, V8's GC helpers included — and the heap they mark holds ts-node's TypeScript compiler
 *   and n8n-core (heapUsedBeforeMb). mainThreadCpuMsPerTask is the JS thread alone (Linux).
 * - peakRssMb: this process's peak RSS during the run, from the kernel's high-water mark (reset
 *   before the run; elsewhere than Linux, RSS sampled every 50 ms). rssBeforeMb: after a GC before
 *   the run — ts-node, n8n-core and the node loaded.
 * - With --repeat R: wall time, latencies and CPU are the medians of R runs (each run's values in
 *   `perRun`); the limit figures are the worst run's (max polls, min gap, violations summed, max RSS).
 * Warm-up executions (3 × 100 tasks through the "processing" and "ready" paths) run first, so the
 * measured runs see JIT-compiled code, as a long-running n8n does; each run starts after a full GC
 * has finished sweeping.
 * Exit code: 1 if a target of --preset targets fails, 2 on a usage error, else 0.
 */
import '../faults/env';

import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as os from 'node:os';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode } from '../helpers/engine';
// Not part of n8n-core's public index: the request helper every node's this.helpers.httpRequest runs on.
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import { installCleanupHandlers } from '../../scripts/lib/proc';
import { startSandboxProcess, type SandboxProcess } from '../../scripts/lib/sandbox';

const KEY = 'bench-key-5b81d0';
const MAX_CONCURRENCY = 100;
const DEFAULT_CONCURRENCY = 10;
const MIN_POLL_GAP_MS = 2000;

// ---- arguments --------------------------------------------------------------------------------

interface Args {
	json: boolean;
	n: number;
	solveMs: number;
	type: string;
	serialAt: number;
	/** Measure only this Max Concurrent Tasks (no serial comparison). */
	concurrency?: number;
	/** Write a V8 CPU profile of the measured runs (not start-up, not the warm-up) to this file. */
	cpuProfile?: string;
	preset?: 'targets' | 'scaling';
	/** Runs per configuration (medians reported); undefined = 1, or 3 for the N=50 target. */
	repeat?: number;
}

const USAGE = `usage: npm run bench -- [--json] [--n 50] [--solve-ms 8000] [--type recaptchaV2] [--serial-at 10] [--concurrency C] [--repeat R] [--cpu-prof FILE]
       npm run bench -- --preset targets|scaling [--json] [--type …]
  types: recaptchaV2, recaptchaV3, turnstile`;

function parseArgs(argv: string[]): Args {
	const args: Args = { json: false, n: 50, solveMs: 8000, type: 'recaptchaV2', serialAt: 10 };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const value = (): string => {
			const next = inline ?? argv[++i];
			if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
			return next;
		};
		const integer = (min: number): number => {
			const number = Number(value());
			if (!Number.isInteger(number) || number < min)
				throw new Error(`${flag} needs a whole number ≥ ${min}\n${USAGE}`);
			return number;
		};
		if (flag === '--json') args.json = true;
		else if (flag === '--n') args.n = integer(1);
		else if (flag === '--solve-ms') args.solveMs = integer(0);
		else if (flag === '--serial-at') args.serialAt = integer(1);
		else if (flag === '--concurrency') args.concurrency = integer(1);
		else if (flag === '--cpu-prof') args.cpuProfile = value();
		else if (flag === '--repeat') args.repeat = integer(1);
		else if (flag === '--type') args.type = value();
		else if (flag === '--preset') {
			const preset = value();
			if (preset !== 'targets' && preset !== 'scaling')
				throw new Error(`unknown preset ${preset}\n${USAGE}`);
			args.preset = preset;
		} else if (flag === '--help' || flag === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		} else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
	}
	if (!taskParameters()[args.type]) throw new Error(`unknown --type ${args.type}\n${USAGE}`);
	return args;
}

// ---- the node's parameters ------------------------------------------------------------------------

const ITEM_URL = '={{ "https://example.com/form?item=" + $json.i }}';

function taskParameters(): Record<string, INodeParameters> {
	return {
		recaptchaV2: {
			taskType: 'recaptchaV2',
			websiteURL: ITEM_URL,
			websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
		},
		recaptchaV3: {
			taskType: 'recaptchaV3',
			websiteURL: ITEM_URL,
			websiteKey: '6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf',
			additionalFields: { minScore: 0.7, pageAction: 'login' },
		},
		turnstile: {
			taskType: 'turnstile',
			websiteURL: ITEM_URL,
			websiteKey: '0x4AAAAAAABkMYinukE8nzYS',
		},
	};
}

function parametersFor(type: string, concurrency: number): INodeParameters {
	return {
		resource: 'task',
		operation: 'create',
		...taskParameters()[type],
		options: { maxConcurrentTasks: concurrency },
	};
}

function numberedItems(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { i } }));
}

// ---- measuring -----------------------------------------------------------------------------------

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

export interface Measurement {
	/** helperOnly: no node and no engine, n8n-core's request helper alone on the node's schedule. */
	config: 'serial' | 'default' | 'n' | 'helperOnly';
	type: string;
	n: number;
	solveMs: number;
	concurrency: number;
	wallMs: number;
	ratioVsSerial: number | null;
	requestsPerTask: number;
	pollsPerTaskMax: number;
	minPollGapMs: number | null;
	addedLatencyP50Ms: number | null;
	addedLatencyP95Ms: number | null;
	cpuMsPerTask: number;
	/** The JS thread alone (Linux): cpuMsPerTask minus V8's GC/compiler helper threads and libuv's pool. */
	mainThreadCpuMsPerTask: number | null;
	cpuIncludesSandbox: false;
	sandboxCpuMsPerTask: number | null;
	peakRssMb: number;
	rssBeforeMb: number;
	heapUsedBeforeMb: number;
	pollViolations: number;
	solved: number;
	errors: number;
	/** Serial only: how many items were measured; wallMs is scaled from that to n. */
	serialMeasuredAt?: number;
	measuredWallMs?: number;
	/** With --repeat: how many runs, and each run's noisy figures. */
	runs?: number;
	perRun?: { wallMs: number[]; addedLatencyP50Ms: Array<number | null>; cpuMsPerTask: number[] };
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const round1 = (value: number) => Math.round(value * 10) / 10;

/** CPU time of this process's main (JS) thread so far, ms (Linux /proc; NaN elsewhere). */
function mainThreadCpuMs(): number {
	try {
		const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ = 100
	} catch {
		return NaN;
	}
}

/** Resets the kernel's peak-RSS mark of this process (Linux); false where that is not possible. */
function resetPeakRss(): boolean {
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
		return peakRssSinceReset() !== undefined;
	} catch {
		return false;
	}
}

function peakRssSinceReset(): number | undefined {
	const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
	return match ? Number(match[1]) * 1024 : undefined;
}

function percentile(sorted: number[], p: number): number | null {
	if (!sorted.length) return null;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface MeasureSpec {
	config: Measurement['config'];
	type: string;
	n: number;
	solveMs: number;
	concurrency: number;
	measureAt?: number;
	/** For helperOnly: the createTask body to send (the one the node sent). */
	taskTemplate?: Record<string, unknown>;
}

async function measure(sandbox: SandboxProcess, spec: MeasureSpec): Promise<Measurement> {
	const count = spec.measureAt ?? spec.n;
	await sandbox.control('POST', 'reset');
	await sandbox.control('POST', 'configure', { solveMs: spec.solveMs });
	gc();
	// Let V8 finish sweeping on its helper threads, so that work is not billed to the run.
	await new Promise((resolve) => setTimeout(resolve, 500));
	const { rss: rssBefore, heapUsed: heapBefore } = process.memoryUsage();
	let peakRss = rssBefore;
	// The kernel's high-water mark costs nothing during the run; a sampler would wake the process 20×/s.
	const kernelPeak = resetPeakRss();
	const sampler = kernelPeak
		? undefined
		: setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
	const sandboxCpuBefore = sandbox.cpuMs();
	const cpuBefore = process.cpuUsage();
	const mainBefore = mainThreadCpuMs();
	const run =
		spec.config === 'helperOnly'
			? await helperOnlyClient(sandbox.url, count, spec.taskTemplate ?? {})
			: await runNode({
					parameters: parametersFor(spec.type, spec.concurrency),
					credentials: { apiKey: KEY, noCache: false, baseUrl: sandbox.url },
					items: numberedItems(count),
				});
	const cpu = process.cpuUsage(cpuBefore);
	const mainCpu = mainThreadCpuMs() - mainBefore;
	const sandboxCpu = sandbox.cpuMs() - sandboxCpuBefore;
	clearInterval(sampler);
	peakRss = Math.max(peakRss, process.memoryUsage.rss(), (kernelPeak && peakRssSinceReset()) || 0);

	const stats = await sandbox.stats();
	const tasks = await sandbox.tasks();
	const added = tasks
		.filter((task) => task.readyAt !== null && task.deliveredAt !== undefined)
		.map((task) => (task.deliveredAt as number) - (task.readyAt as number))
		.sort((a, b) => a - b);
	const solved = run.items.filter((item) => item.json.status === 'ready').length;
	const scale = spec.n / count;
	return {
		config: spec.config,
		type: spec.type,
		n: spec.n,
		solveMs: spec.solveMs,
		concurrency: spec.concurrency,
		wallMs: Math.round(run.ms * scale),
		ratioVsSerial: null,
		requestsPerTask: round1(stats.requests / count),
		pollsPerTaskMax: stats.maxPollsPerTask,
		minPollGapMs: Number.isFinite(stats.minPollGapMs) ? stats.minPollGapMs : null,
		addedLatencyP50Ms: percentile(added, 50),
		addedLatencyP95Ms: percentile(added, 95),
		cpuMsPerTask: Math.round(((cpu.user + cpu.system) / 1000 / count) * 100) / 100,
		mainThreadCpuMsPerTask: Number.isFinite(mainCpu)
			? Math.round((mainCpu / count) * 100) / 100
			: null,
		cpuIncludesSandbox: false,
		sandboxCpuMsPerTask: Number.isFinite(sandboxCpu)
			? Math.round((sandboxCpu / count) * 100) / 100
			: null,
		peakRssMb: mb(peakRss),
		rssBeforeMb: mb(rssBefore),
		heapUsedBeforeMb: mb(heapBefore),
		pollViolations: stats.pollViolations,
		solved: Math.round(solved * scale),
		errors: Math.round((count - solved) * scale),
		...(count !== spec.n || spec.config === 'serial'
			? { serialMeasuredAt: count, measuredWallMs: run.ms }
			: {}),
	};
}

/**
 * The node's work without the node or the engine: n8n-core's request helper alone, on the node's
 * schedule for these tasks (creates 2 ms apart, first poll 1 s after the task is created, then 2 s
 * after each answer). What the node's row costs above this row is the node's and the engine's share.
 */
async function helperOnlyClient(
	baseUrl: string,
	count: number,
	task: Record<string, unknown>,
): Promise<{ ms: number; items: Array<{ json: Record<string, unknown> }> }> {
	const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
	const post = async (method: string, body: Record<string, unknown>) =>
		(
			(await httpRequest({
				method: 'POST',
				url: `${baseUrl}/${method}`,
				body: { clientKey: KEY, ...body },
				json: true,
				headers: { 'content-type': 'application/json' },
				timeout: 30000,
				ignoreHttpStatusErrors: true,
				returnFullResponse: true,
				disableFollowRedirect: true,
			})) as { body: Record<string, unknown> }
		).body;
	const started = Date.now();
	const items = await Promise.all(
		Array.from({ length: count }, async (_, i) => {
			await sleep(2 * i);
			const created = await post('createTask', {
				task: { ...task, websiteURL: `https://example.com/form?item=${i}` },
			});
			for (let poll = 0, delay = 1000; poll < 120; poll++, delay = 2000) {
				await sleep(delay);
				const result = await post('getTaskResult', { taskId: created.taskId });
				if (result.status === 'ready') return { json: result };
			}
			return { json: { status: 'timeout' } };
		}),
	);
	return { ms: Date.now() - started, items };
}

/** Measures one configuration `repeat` times: medians of the noisy figures, the worst of the limits. */
async function measureRepeated(
	sandbox: SandboxProcess,
	spec: MeasureSpec,
	repeat = 1,
): Promise<Measurement> {
	const runs: Measurement[] = [];
	for (let run = 0; run < repeat; run++) runs.push(await measure(sandbox, spec));
	if (runs.length === 1) return runs[0];
	const median = <T extends number | null>(pick: (m: Measurement) => T): T => {
		const values = runs
			.map(pick)
			.filter((v): v is NonNullable<T> => v !== null)
			.sort((a, b) => a - b);
		return (values.length ? values[Math.floor((values.length - 1) / 2)] : null) as T;
	};
	const worst = (pick: (m: Measurement) => number | null, direction: 1 | -1): number | null => {
		const values = runs.map(pick).filter((v): v is number => v !== null);
		return values.length ? (direction === 1 ? Math.max(...values) : Math.min(...values)) : null;
	};
	return {
		...runs[0],
		wallMs: median((m) => m.wallMs),
		measuredWallMs:
			runs[0].measuredWallMs === undefined ? undefined : median((m) => m.measuredWallMs ?? 0),
		requestsPerTask: worst((m) => m.requestsPerTask, 1) as number,
		pollsPerTaskMax: worst((m) => m.pollsPerTaskMax, 1) as number,
		minPollGapMs: worst((m) => m.minPollGapMs, -1),
		addedLatencyP50Ms: median((m) => m.addedLatencyP50Ms),
		addedLatencyP95Ms: median((m) => m.addedLatencyP95Ms),
		cpuMsPerTask: median((m) => m.cpuMsPerTask),
		mainThreadCpuMsPerTask: median((m) => m.mainThreadCpuMsPerTask),
		sandboxCpuMsPerTask: median((m) => m.sandboxCpuMsPerTask),
		peakRssMb: worst((m) => m.peakRssMb, 1) as number,
		rssBeforeMb: median((m) => m.rssBeforeMb),
		heapUsedBeforeMb: median((m) => m.heapUsedBeforeMb),
		pollViolations: runs.reduce((sum, m) => sum + m.pollViolations, 0),
		solved: worst((m) => m.solved, -1) as number,
		errors: worst((m) => m.errors, 1) as number,
		runs: runs.length,
		perRun: {
			wallMs: runs.map((m) => m.wallMs),
			addedLatencyP50Ms: runs.map((m) => m.addedLatencyP50Ms),
			cpuMsPerTask: runs.map((m) => m.cpuMsPerTask),
		},
	};
}

/** Serial (measured at ≤ serialAt items, scaled), default 10, and N (≤ 100), without duplicates. */
async function compare(
	sandbox: SandboxProcess,
	args: Args,
	n: number,
	serial?: Measurement,
): Promise<Measurement[]> {
	const base = { type: args.type, n, solveMs: args.solveMs };
	const serialRun =
		serial &&
		serial.type === args.type &&
		serial.solveMs === args.solveMs &&
		serial.serialMeasuredAt === Math.min(n, args.serialAt)
			? scaleSerial(serial, n)
			: await measure(sandbox, {
					...base,
					config: 'serial',
					concurrency: 1,
					measureAt: Math.min(n, args.serialAt),
				});
	const results: Measurement[] = [{ ...serialRun, ratioVsSerial: 1 }];
	const concurrencies = new Map<number, Measurement['config']>();
	if (n > 1) concurrencies.set(Math.min(DEFAULT_CONCURRENCY, n), 'default');
	const capped = Math.min(n, MAX_CONCURRENCY);
	if (capped > 1 && !concurrencies.has(capped)) concurrencies.set(capped, 'n');
	for (const [concurrency, config] of concurrencies) {
		const result = await measureRepeated(sandbox, { ...base, config, concurrency }, args.repeat);
		results.push({ ...result, ratioVsSerial: round1(serialRun.wallMs / result.wallMs) });
	}
	return results;
}

function scaleSerial(serial: Measurement, n: number): Measurement {
	const at = serial.serialMeasuredAt ?? serial.n;
	return {
		...serial,
		n,
		wallMs: Math.round(((serial.measuredWallMs ?? serial.wallMs) * n) / at),
		solved: Math.round((serial.solved * n) / serial.n),
		errors: Math.round((serial.errors * n) / serial.n),
	};
}

// ---- targets ---------------------------------------------------------------------------------------

interface TargetResult {
	target: string;
	config: string;
	value: number | null;
	limit: string;
	pass: boolean;
}

function checkTargets(a: Measurement, b: Measurement): TargetResult[] {
	const T = a.solveMs;
	const at = (m: Measurement) => `N=${m.n}, T=${m.solveMs} ms, concurrency ${m.concurrency}`;
	const le = (
		target: string,
		m: Measurement,
		value: number | null,
		limit: number,
	): TargetResult => ({
		target,
		config: at(m),
		value,
		limit: `≤ ${limit}`,
		pass: value !== null && value <= limit,
	});
	const ge = (
		target: string,
		m: Measurement,
		value: number | null,
		limit: number,
	): TargetResult => ({
		target,
		config: at(m),
		value,
		limit: `≥ ${limit}`,
		pass: value !== null && value >= limit,
	});
	return [
		le('wallMs ≤ T + 3 s', a, a.wallMs, T + 3000),
		ge('ratioVsSerial ≥ 15', a, a.ratioVsSerial, 15),
		le('addedLatencyP50Ms ≤ 1100', a, a.addedLatencyP50Ms, 1100),
		le('addedLatencyP95Ms ≤ 2100', a, a.addedLatencyP95Ms, 2100),
		ge('minPollGapMs ≥ 2000', a, a.minPollGapMs, MIN_POLL_GAP_MS),
		le('pollViolations = 0', a, a.pollViolations, 0),
		le('pollsPerTaskMax ≤ ceil(T/2 s) + 2', a, a.pollsPerTaskMax, Math.ceil(T / 2000) + 2),
		le('cpuMsPerTask ≤ 5', a, a.cpuMsPerTask, 5),
		le('all solved (errors = 0)', a, a.errors, 0),
		le('wallMs ≤ 10 × (T + 3 s)', b, b.wallMs, 10 * (b.solveMs + 3000)),
		le('peakRssMb ≤ 300', b, b.peakRssMb, 300),
		le('all solved (errors = 0)', b, b.errors, 0),
	];
}

// ---- output ------------------------------------------------------------------------------------------

const COLUMNS: Array<[keyof Measurement, string]> = [
	['config', 'config'],
	['n', 'N'],
	['solveMs', 'T ms'],
	['concurrency', 'conc'],
	['wallMs', 'wall ms'],
	['ratioVsSerial', 'x serial'],
	['requestsPerTask', 'req/task'],
	['pollsPerTaskMax', 'polls max'],
	['minPollGapMs', 'min gap'],
	['addedLatencyP50Ms', '+p50 ms'],
	['addedLatencyP95Ms', '+p95 ms'],
	['cpuMsPerTask', 'cpu ms/task'],
	['mainThreadCpuMsPerTask', 'js thread'],
	['peakRssMb', 'peak RSS MB'],
	['pollViolations', 'violations'],
	['solved', 'solved'],
];

function table(rows: string[][]): string {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
	return rows
		.map((row) =>
			row
				.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
				.join('  '),
		)
		.join('\n');
}

function printMeasurements(results: Measurement[]): void {
	const rows = [COLUMNS.map(([, label]) => label)];
	for (const m of results)
		rows.push(
			COLUMNS.map(([key]) => (m[key] === null || m[key] === undefined ? '–' : String(m[key]))),
		);
	process.stdout.write(`${table(rows)}\n`);
	for (const m of results.filter(
		(r) => r.config === 'serial' && r.serialMeasuredAt !== undefined && r.serialMeasuredAt !== r.n,
	))
		process.stdout.write(
			`  serial at N=${m.n}: measured at N=${m.serialMeasuredAt} (${m.measuredWallMs} ms) and scaled ×${m.n / (m.serialMeasuredAt as number)}\n`,
		);
	for (const m of results.filter((r) => r.perRun))
		process.stdout.write(
			`  N=${m.n}, concurrency ${m.concurrency}: medians of ${m.runs} runs; per run: wall ${m.perRun?.wallMs.join(', ')} ms, +p50 ${m.perRun?.addedLatencyP50Ms.join(', ')} ms, cpu ${m.perRun?.cpuMsPerTask.join(', ')} ms/task\n`,
		);
	process.stdout.write(
		'  cpu ms/task: this process only (the sandbox runs as a child process); +p50/+p95: sandbox deliveredAt − readyAt\n',
	);
}

/** CPU this process burns while idle (n8n-core, ts-node), ms per second: the floor under cpuMsPerTask. */
async function idleCpuMsPerSecond(ms = 3000): Promise<number> {
	const before = process.cpuUsage();
	await new Promise((resolve) => setTimeout(resolve, ms));
	const used = process.cpuUsage(before);
	return Math.round(((used.user + used.system) / ms) * 100) / 100;
}

function machine() {
	return {
		nproc: os.cpus().length,
		cpu: os.cpus()[0]?.model ?? 'unknown',
		node: process.version,
		platform: `${os.platform()} ${os.release()}`,
		memTotalMb: mb(os.totalmem()),
	};
}

/** Starts the V8 profiler; the returned function stops it and writes the .cpuprofile file. */
async function startCpuProfile(file: string): Promise<() => Promise<void>> {
	const session = new Session();
	session.connect();
	const post = async (method: string): Promise<unknown> =>
		await new Promise((resolve, reject) =>
			session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
		);
	await post('Profiler.enable');
	await post('Profiler.start');
	return async () => {
		const { profile } = (await post('Profiler.stop')) as { profile: unknown };
		fs.writeFileSync(file, JSON.stringify(profile));
		session.disconnect();
	};
}

// ---- main -------------------------------------------------------------------------------------------

async function main(): Promise<number> {
	const args = parseArgs(process.argv.slice(2));
	const log = (line: string) => {
		if (!args.json) process.stderr.write(`${line}\n`);
	};
	const emit = (object: object) => process.stdout.write(`${JSON.stringify(object)}\n`);
	// The sandbox child is ended by its process group when the benchmark exits, however it exits.
	installCleanupHandlers();
	const sandbox = await startSandboxProcess({ key: KEY, solveMs: args.solveMs });
	let stopProfile: (() => Promise<void>) | undefined;
	try {
		// Warm-up (module loading, JIT, both the "processing" and the "ready" path): not reported.
		for (let i = 0; i < 3; i++)
			await measure(sandbox, {
				config: 'n',
				type: args.type,
				n: 100,
				solveMs: 2000,
				concurrency: 50,
			});
		gc();
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const about = {
			...machine(),
			idleCpuMsPerSec: await idleCpuMsPerSecond(),
			sandboxPid: sandbox.pid,
		};
		if (args.json) emit({ machine: about });
		else log(`machine: ${JSON.stringify(about)}`);
		if (args.cpuProfile) stopProfile = await startCpuProfile(args.cpuProfile);

		if (args.preset === 'targets') {
			const T = 8000;
			log(
				`preset targets: serial at N=${args.serialAt}, then N=50 with concurrency 50 (median of ${args.repeat ?? 3} runs), then N=1000 with concurrency 100 (T=${T} ms, ${args.type})`,
			);
			const serial = await measure(sandbox, {
				config: 'serial',
				type: args.type,
				n: args.serialAt,
				solveMs: T,
				concurrency: 1,
				measureAt: args.serialAt,
			});
			log(`  serial: ${serial.wallMs} ms for ${args.serialAt} items`);
			const fifty = await measureRepeated(
				sandbox,
				{ config: 'n', type: args.type, n: 50, solveMs: T, concurrency: 50 },
				args.repeat ?? 3,
			);
			const taskTemplate = (await sandbox.tasks())[0]?.task;
			const helperOnly = await measureRepeated(
				sandbox,
				{ config: 'helperOnly', type: args.type, n: 50, solveMs: T, concurrency: 50, taskTemplate },
				args.repeat ?? 3,
			);
			const serial50 = { ...scaleSerial(serial, 50), ratioVsSerial: 1 };
			const a = { ...fifty, ratioVsSerial: round1(serial50.wallMs / fifty.wallMs) };
			log(`  N=50: ${a.wallMs} ms`);
			const thousand = await measure(sandbox, {
				config: 'n',
				type: args.type,
				n: 1000,
				solveMs: T,
				concurrency: 100,
			});
			const serial1000 = { ...scaleSerial(serial, 1000), ratioVsSerial: 1 };
			const b = { ...thousand, ratioVsSerial: round1(serial1000.wallMs / thousand.wallMs) };
			const targets = checkTargets(a, b);
			if (args.json) {
				for (const m of [serial50, a, helperOnly, serial1000, b]) emit(m);
				for (const t of targets) emit(t);
			} else {
				printMeasurements([serial50, a, helperOnly, serial1000, b]);
				process.stdout.write('\n');
				process.stdout.write(
					`${table([
						['target', 'configuration', 'value', 'limit', 'result'],
						...targets.map((t) => [
							t.target,
							t.config,
							String(t.value),
							t.limit,
							t.pass ? 'pass' : 'FAIL',
						]),
					])}\n`,
				);
			}
			const failed = targets.filter((t) => !t.pass).length;
			log(`targets: ${targets.length - failed} passed, ${failed} failed`);
			return failed ? 1 : 0;
		}

		if (args.preset === 'scaling') {
			const all: Measurement[] = [];
			let serial: Measurement | undefined;
			for (const n of [1, 10, 50, 100]) {
				log(`N=${n} …`);
				const results = await compare(sandbox, args, n, serial);
				serial =
					results.find(
						(r) =>
							r.config === 'serial' &&
							r.serialMeasuredAt === Math.min(n, args.serialAt) &&
							r.measuredWallMs !== undefined,
					) ?? serial;
				all.push(...results);
				if (args.json) for (const r of results) emit(r);
			}
			if (!args.json) {
				printMeasurements(all);
				const byN = (n: number, pick: (m: Measurement) => boolean) =>
					all.find((m) => m.n === n && pick(m))?.wallMs;
				process.stdout.write(
					`\nwall time (ms) against N, T=${args.solveMs} ms:\n${table([
						['N', 'serial (1)', 'default (10)', 'N (≤100)'],
						...[1, 10, 50, 100].map((n) => [
							String(n),
							String(byN(n, (m) => m.concurrency === 1)),
							String(byN(n, (m) => m.concurrency === Math.min(10, n)) ?? '–'),
							String(byN(n, (m) => m.concurrency === Math.min(n, 100)) ?? '–'),
						]),
					])}\n`,
				);
			}
			return 0;
		}

		if (args.concurrency !== undefined) {
			const concurrency = Math.min(args.concurrency, MAX_CONCURRENCY);
			const result = await measureRepeated(
				sandbox,
				{ config: 'n', type: args.type, n: args.n, solveMs: args.solveMs, concurrency },
				args.repeat,
			);
			if (args.json) emit(result);
			else printMeasurements([result]);
			return 0;
		}
		log(
			`N=${args.n}, T=${args.solveMs} ms, ${args.type}: serial (at N=${Math.min(args.n, args.serialAt)}), default 10, N=${Math.min(args.n, MAX_CONCURRENCY)}`,
		);
		const results = await compare(sandbox, args, args.n);
		if (args.json) for (const r of results) emit(r);
		else printMeasurements(results);
		return 0;
	} finally {
		await stopProfile?.();
		await sandbox.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(
			`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(2);
	},
);
