/** Measuring one configuration: a run inside n8n-core's engine against the sandbox process, and the figures of a Measurement. */
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { runNode } from '../helpers/engine';
// Not part of n8n-core's public index: the request helper every node's this.helpers.httpRequest runs on.
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import type { SandboxProcess } from '../../scripts/lib/sandbox';

import type { Args } from './args';
import {
	DEFAULT_CONCURRENCY,
	KEY,
	MAX_CONCURRENCY,
	numberedItems,
	parametersFor,
} from './parameters';

// ---- measuring -----------------------------------------------------------------------------------

v8.setFlagsFromString('--expose-gc');
export const gc = vm.runInNewContext('gc') as () => void;

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

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
export const round1 = (value: number) => Math.round(value * 10) / 10;

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

export async function measure(sandbox: SandboxProcess, spec: MeasureSpec): Promise<Measurement> {
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
export async function measureRepeated(
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
export async function compare(
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

export function scaleSerial(serial: Measurement, n: number): Measurement {
	const at = serial.serialMeasuredAt ?? serial.n;
	return {
		...serial,
		n,
		wallMs: Math.round(((serial.measuredWallMs ?? serial.wallMs) * n) / at),
		solved: Math.round((serial.solved * n) / serial.n),
		errors: Math.round((serial.errors * n) / serial.n),
	};
}
