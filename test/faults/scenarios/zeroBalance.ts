/** Fault scenario: 2. balance runs out. */
import { runNode } from '../../helpers/engine';
import {
	Scenario,
	Expect,
	withSandbox,
	credentials,
	createTaskParameters,
	numberedItems,
	commonChecks,
	checkErrorItems,
	figuresOf,
} from './shared';

export const zeroBalance: Scenario = {
	name: 'zero-balance',
	title:
		'The balance runs out after some tasks: those solve, the rest are clear ERROR_ZERO_BALANCE items',
	async run(options = {}) {
		const items = options.short ? 20 : 100;
		const paid = options.short ? 6 : 30;
		const costPerTask = 0.5; // exact in binary: the balance reaches 0 exactly after `paid` tasks
		return await withSandbox(
			{ solveMs: 50, costPerTask, balance: paid * costPerTask },
			async (sandbox) => {
				const run = await runNode({
					parameters: createTaskParameters(),
					credentials: credentials(sandbox),
					items: numberedItems(items),
					continueOnFail: true,
				});
				const figures = { ...figuresOf('zero-balance', items, run, sandbox), paidTasks: paid };
				const expect = new Expect();
				expect.equal('outputs', figures.outputs, items);
				expect.equal('solved', figures.solved, paid);
				expect.equal('errorItems', figures.errorItems, items - paid);
				expect.equal(
					'ERROR_ZERO_BALANCE items',
					figures.errorCodes.ERROR_ZERO_BALANCE ?? 0,
					items - paid,
				);
				checkErrorItems(expect, run, 'ERROR_ZERO_BALANCE');
				expect.equal(
					'createTaskCalls (no retry of ERROR_ZERO_BALANCE)',
					figures.createTaskCalls,
					items,
				);
				expect.atMost('maxWallMs (no hang)', figures.maxWallMs, 30000);
				commonChecks(expect, figures);
				return { figures, deviations: expect.deviations };
			},
		);
	},
};
