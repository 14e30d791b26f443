/** Fault scenario: 5. wrong key. */
import { everythingVisible, runNode } from '../../helpers/engine';
import {
	FAULT_KEY,
	DEFAULT_CONCURRENCY,
	Scenario,
	Expect,
	withSandbox,
	credentials,
	createTaskParameters,
	numberedItems,
	countOccurrences,
	figuresOf,
	commonChecks,
	checkErrorItems,
} from './shared';

export const wrongKey: Scenario = {
	name: 'wrong-key',
	title: 'A wrong API key: one clear error per item, no retries, the key nowhere in the run',
	async run(options = {}) {
		const items = options.short ? 20 : 100;
		// Contains FAULT_KEY, so keyLeaks also counts the wrong key itself.
		const wrong = `${FAULT_KEY}-revoked`;
		return await withSandbox({ solveMs: 50 }, async (sandbox) => {
			const run = await runNode({
				parameters: createTaskParameters(),
				credentials: credentials(sandbox, wrong),
				items: numberedItems(items),
				continueOnFail: true,
			});
			const figures = figuresOf('wrong-key', items, run, sandbox);
			const sentUrls = (method: string) =>
				sandbox.requests
					.filter((r) => r.method === method)
					.map((r) => String((r.body as { task?: { websiteURL?: unknown } }).task?.websiteURL));
			const urls = sentUrls('createTask');
			const expect = new Expect();
			expect.equal('outputs', figures.outputs, items);
			expect.equal('errorItems', figures.errorItems, items);
			expect.equal(
				'ERROR_KEY_DOES_NOT_EXIST items',
				figures.errorCodes.ERROR_KEY_DOES_NOT_EXIST ?? 0,
				items,
			);
			checkErrorItems(expect, run, 'ERROR_KEY_DOES_NOT_EXIST');
			// After the first rejection the node sends nothing more with that key: at most the items in flight.
			expect.atMost(
				'createTaskCalls (at most the items in flight)',
				figures.createTaskCalls,
				Math.min(items, DEFAULT_CONCURRENCY),
			);
			expect.equal('items whose createTask was sent twice', urls.length - new Set(urls).size, 0);
			expect.equal('getTaskResultCalls', figures.getTaskResultCalls, 0);
			commonChecks(expect, figures);

			// Without Continue On Fail: one node error, still no retries and no key.
			sandbox.reset();
			const stopped = await runNode({
				parameters: createTaskParameters(),
				credentials: credentials(sandbox, wrong),
				items: numberedItems(items),
			});
			const stoppedUrls = sentUrls('createTask');
			figures.withoutContinueOnFail = {
				status: stopped.status,
				error: stopped.error?.message,
				createTaskCalls: stoppedUrls.length,
				keyLeaks: countOccurrences(everythingVisible(stopped), FAULT_KEY),
			};
			expect.equal('without Continue On Fail: status', stopped.status, 'error');
			expect.that(
				'without Continue On Fail: the node error names ERROR_KEY_DOES_NOT_EXIST',
				String(stopped.error?.message).includes('ERROR_KEY_DOES_NOT_EXIST'),
			);
			expect.atMost(
				'without Continue On Fail: createTaskCalls (at most the items in flight)',
				stoppedUrls.length,
				Math.min(items, DEFAULT_CONCURRENCY),
			);
			expect.equal(
				'without Continue On Fail: items sent twice',
				stoppedUrls.length - new Set(stoppedUrls).size,
				0,
			);
			expect.equal(
				'without Continue On Fail: keyLeaks',
				countOccurrences(everythingVisible(stopped), FAULT_KEY),
				0,
			);
			return { figures, deviations: expect.deviations };
		});
	},
};
