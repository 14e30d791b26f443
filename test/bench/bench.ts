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

import { installCleanupHandlers } from '../../scripts/lib/proc';
import { startSandboxProcess } from '../../scripts/lib/sandbox';

import { parseArgs } from './args';
import { KEY, MAX_CONCURRENCY } from './parameters';
import {
	gc,
	type Measurement,
	round1,
	measure,
	measureRepeated,
	compare,
	scaleSerial,
} from './measure';
import {
	checkTargets,
	table,
	printMeasurements,
	idleCpuMsPerSecond,
	machine,
	startCpuProfile,
} from './report';

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
