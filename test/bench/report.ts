/** Judging and printing measurements: the targets, the table, the machine line and the CPU profile. */
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as os from 'node:os';

import { MIN_POLL_GAP_MS } from './parameters';
import { type Measurement, mb } from './measure';

// ---- targets ---------------------------------------------------------------------------------------

interface TargetResult {
	target: string;
	config: string;
	value: number | null;
	limit: string;
	pass: boolean;
}

export function checkTargets(a: Measurement, b: Measurement): TargetResult[] {
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

export function table(rows: string[][]): string {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
	return rows
		.map((row) =>
			row
				.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
				.join('  '),
		)
		.join('\n');
}

export function printMeasurements(results: Measurement[]): void {
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
export async function idleCpuMsPerSecond(ms = 3000): Promise<number> {
	const before = process.cpuUsage();
	await new Promise((resolve) => setTimeout(resolve, ms));
	const used = process.cpuUsage(before);
	return Math.round(((used.user + used.system) / ms) * 100) / 100;
}

export function machine() {
	return {
		nproc: os.cpus().length,
		cpu: os.cpus()[0]?.model ?? 'unknown',
		node: process.version,
		platform: `${os.platform()} ${os.release()}`,
		memTotalMb: mb(os.totalmem()),
	};
}

/** Starts the V8 profiler; the returned function stops it and writes the .cpuprofile file. */
export async function startCpuProfile(file: string): Promise<() => Promise<void>> {
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
