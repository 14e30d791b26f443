/** Fault scenario: 4. execution cancelled. */
import { runNode } from '../../helpers/engine';
import {
	DEFAULT_CONCURRENCY,
	Scenario,
	Expect,
	sleep,
	withSandbox,
	credentials,
	createTaskParameters,
	numberedItems,
	commonChecks,
	figuresOf,
} from './shared';

export const cancelled: Scenario = {
	name: 'cancelled',
	title: 'The execution is cancelled mid-run: polling stops within 1 s, nothing is sent afterwards',
	async run(options = {}) {
		const items = options.short ? 20 : 100;
		const cancelAfterMs = options.short ? 3500 : 4500;
		const quietMs = 3000;
		return await withSandbox({ solveMs: 60000 }, async (sandbox) => {
			const started = Date.now();
			const run = await runNode({
				parameters: createTaskParameters(),
				credentials: credentials(sandbox),
				items: numberedItems(items),
				continueOnFail: true,
				cancelAfterMs,
			});
			const end = Date.now();
			const cancelAt = started + cancelAfterMs;
			await sleep(quietMs);
			const api = sandbox.requests.filter(
				(r) => r.method === 'createTask' || r.method === 'getTaskResult',
			);
			const lastRequestAt = Math.max(...api.map((r) => r.at));
			const figures = {
				...figuresOf('cancelled', items, run, sandbox),
				cancelAfterMs,
				stopMs: end - cancelAt,
				lastRequestAfterCancelMs: lastRequestAt - cancelAt,
				requestsAfterCancelPlus1s: api.filter((r) => r.at > cancelAt + 1000).length,
				requestsAfterEnd: api.filter((r) => r.at > end).length,
			};
			const expect = new Expect();
			expect.atMost('execution ended after the cancel (ms)', figures.stopMs, 1000);
			expect.atMost('last request after the cancel (ms)', figures.lastRequestAfterCancelMs, 1000);
			expect.equal(
				'requests later than 1 s after the cancel',
				figures.requestsAfterCancelPlus1s,
				0,
			);
			expect.equal(
				`requests in the ${quietMs} ms after the execution ended`,
				figures.requestsAfterEnd,
				0,
			);
			expect.equal(
				'tasks created (only the items in flight at the cancel)',
				figures.tasksCreated,
				Math.min(items, DEFAULT_CONCURRENCY),
			);
			expect.equal('solved', figures.solved, 0);
			commonChecks(expect, figures);
			return { figures, deviations: expect.deviations };
		});
	},
};
