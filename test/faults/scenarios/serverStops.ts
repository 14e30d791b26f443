/** Fault scenario: 3. the service stops answering. */
import { runNode } from '../../helpers/engine';
import {
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

export const serverStops: Scenario = {
	name: 'server-stops',
	title:
		'The service stops answering after the tasks are created: every item ends at its Timeout with a clear error',
	async run(options = {}) {
		const items = options.short ? 20 : 100;
		const timeoutS = options.short ? 5 : 8;
		const slackMs = 1000;
		return await withSandbox({ solveMs: 60000 }, async (sandbox) => {
			const running = runNode({
				parameters: createTaskParameters({ maxConcurrentTasks: items, timeout: timeoutS }),
				credentials: credentials(sandbox),
				items: numberedItems(items),
				continueOnFail: true,
			});
			// Pause as soon as every task exists (before the first poll, 1 s after each create).
			const waitStarted = Date.now();
			while (sandbox.stats().tasksCreated < items && Date.now() - waitStarted < 10000)
				await sleep(5);
			const createdBeforePause = sandbox.stats().tasksCreated;
			sandbox.pause();
			const run = await running;
			const end = Date.now();
			const createdAt = sandbox.requests.filter((r) => r.method === 'createTask').map((r) => r.at);
			// Each item starts just before its createTask arrives and ends at the latest when the run ends.
			const maxItemMs = createdAt.length ? end - Math.min(...createdAt) : NaN;
			const figures = {
				...figuresOf('server-stops', items, run, sandbox),
				timeoutMs: timeoutS * 1000,
				maxItemMs,
				createdBeforePause,
				unansweredRequests: sandbox.requests.filter((r) => r.paused).length,
			};
			const expect = new Expect();
			expect.equal('tasks created before the pause', createdBeforePause, items);
			expect.equal('outputs', figures.outputs, items);
			expect.equal('errorItems', figures.errorItems, items);
			expect.equal('TIMEOUT items', figures.errorCodes.TIMEOUT ?? 0, items);
			expect.that(
				`every error says how long it waited, why it stopped (the ${timeoutS} s limit) and names its task`,
				run.items.every(
					(item) =>
						/^No solution from CapMonster after [\d.]+ s \(task \d+\): /.test(
							String(item.json.error),
						) &&
						String(item.json.error).includes(`time limit of ${timeoutS} s`) &&
						typeof item.json.taskId === 'number' &&
						String(item.json.hint).includes('Get Task Result'),
				),
			);
			expect.atMost('longest item (ms)', maxItemMs, timeoutS * 1000 + slackMs);
			expect.atLeast('unanswered (paused) requests', figures.unansweredRequests, 1);
			commonChecks(expect, figures);
			return { figures, deviations: expect.deviations };
		});
	},
};
