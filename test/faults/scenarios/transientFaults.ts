/** Fault scenario: 1. transient faults. */
import { runNode } from '../../helpers/engine';
import type { FaultRule, Sandbox } from '../../sandbox';
import {
	Scenario,
	Expect,
	withSandbox,
	credentials,
	createTaskParameters,
	numberedItems,
	commonChecks,
	figuresOf,
} from './shared';

/**
 * About 20 % of the API requests fail transiently. The first two rules fire once each, so every run
 * exercises both methods' recovery whatever the dice say; the rest are rolled with the sandbox's
 * seeded PRNG (combined ≈ 20 % per createTask and ≈ 20 % per getTaskResult).
 */
export const TRANSIENT_FAULTS: FaultRule[] = [
	{ method: 'createTask', kind: 'errorCode', errorCode: 'ERROR_NO_SLOT_AVAILABLE', count: 1 },
	{ method: 'getTaskResult', kind: 'reset', count: 1 },
	// createTask: only "certainly not created" answers (see the header).
	{ method: 'createTask', kind: 'http', status: 429, probability: 0.1 },
	{
		method: 'createTask',
		kind: 'errorCode',
		errorCode: 'ERROR_NO_SLOT_AVAILABLE',
		probability: 0.112,
	},
	// getTaskResult: everything transient.
	{ method: 'getTaskResult', kind: 'http', status: 500, probability: 0.03 },
	{ method: 'getTaskResult', kind: 'http', status: 502, probability: 0.03 },
	{ method: 'getTaskResult', kind: 'http', status: 503, probability: 0.03 },
	{ method: 'getTaskResult', kind: 'http', status: 429, probability: 0.03 },
	{ method: 'getTaskResult', kind: 'reset', probability: 0.02 },
	{ method: 'getTaskResult', kind: 'delay', ms: 1000, probability: 0.02 },
	{ method: 'getTaskResult', kind: 'delay', ms: 2000, probability: 0.02 },
	{ method: 'getTaskResult', kind: 'delay', ms: 3000, probability: 0.02 },
	// Processed (the poll counts), then the answer is lost.
	{ method: 'getTaskResult', kind: 'reset', probability: 0.02, phase: 'after' },
];

function faultSummary(sandbox: Sandbox) {
	const byMethod: Record<string, { requests: number; faulted: number }> = {};
	const byKind: Record<string, number> = {};
	for (const request of sandbox.requests) {
		const entry = (byMethod[request.method] ??= { requests: 0, faulted: 0 });
		entry.requests++;
		if (!request.fault) continue;
		entry.faulted++;
		const { kind, status, errorCode, ms, phase } = request.fault;
		const label = `${request.method}:${kind === 'http' ? status : kind === 'errorCode' ? errorCode : kind === 'delay' ? `delay${ms}` : kind}${phase === 'after' ? '(after)' : ''}`;
		byKind[label] = (byKind[label] ?? 0) + 1;
	}
	const rate = (method: string) => {
		const entry = byMethod[method];
		return entry && entry.requests ? Math.round((1000 * entry.faulted) / entry.requests) / 10 : 0;
	};
	// Per item (websiteURL): first createTask attempt → the attempt that created the task.
	const attempts = new Map<string, number[]>();
	for (const request of sandbox.requests.filter((r) => r.method === 'createTask')) {
		const url = String(
			(request.body as { task?: { websiteURL?: unknown } } | undefined)?.task?.websiteURL,
		);
		attempts.set(url, [...(attempts.get(url) ?? []), request.at]);
	}
	const createDelays = [...attempts.values()].map((times) => times[times.length - 1] - times[0]);
	return {
		createRetries: [...attempts.values()].reduce((sum, times) => sum + times.length - 1, 0),
		maxCreateDelayMs: createDelays.length ? Math.max(...createDelays) : 0,
		faultedRequests: Object.values(byMethod).reduce((sum, entry) => sum + entry.faulted, 0),
		faultRatePct: { createTask: rate('createTask'), getTaskResult: rate('getTaskResult') },
		faultsByKind: byKind,
	};
}

export const transientFaults: Scenario = {
	name: 'transient-faults',
	title: '~20 % of requests fail transiently: every item still solves, nothing created twice',
	async run(options = {}) {
		const items = options.short ? 20 : 100;
		const concurrency = options.short ? 10 : 50;
		return await withSandbox({ solveMs: 3000 }, async (sandbox) => {
			for (const rule of TRANSIENT_FAULTS) sandbox.addFault(rule);
			const run = await runNode({
				parameters: createTaskParameters({ maxConcurrentTasks: concurrency }),
				credentials: credentials(sandbox),
				items: numberedItems(items),
				continueOnFail: true,
			});
			const faults = faultSummary(sandbox);
			const figures = {
				...figuresOf('transient-faults', items, run, sandbox),
				concurrency,
				solveMs: 3000,
				...faults,
			};
			const expect = new Expect();
			expect.equal('outputs', figures.outputs, items);
			expect.equal('solved', figures.solved, items);
			expect.equal('errorItems', figures.errorItems, 0);
			expect.equal('tasksCreated', figures.tasksCreated, items);
			commonChecks(expect, figures);
			expect.atLeast('faults injected on createTask', faults.faultRatePct.createTask, 0.1);
			expect.atLeast('faults injected on getTaskResult', faults.faultRatePct.getTaskResult, 0.1);
			expect.that(
				'output order/pairedItem follow the input',
				run.items.every(
					(item, index) => (item.pairedItem as { item?: number } | undefined)?.item === index,
				),
			);
			return { figures, deviations: expect.deviations };
		});
	},
};
