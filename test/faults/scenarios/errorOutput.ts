/** Fault scenario: 8. the error output. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ERROR_TABLE } from '../../../nodes/CapMonster/transport/errors';
import { runNode } from '../../helpers/engine';
import {
	Scenario,
	Expect,
	withSandbox,
	credentials,
	createTaskParameters,
	isSolved,
	figuresOf,
	commonChecks,
	URL_OF_ITEM,
	itemUrl,
	urlOfRequest,
} from './shared';

type ItemKind = 'good' | 'unsolvable' | 'badUrl';

/** A fixed mix, not a plain rotation, so a shifted output order cannot pass by chance. */
const ERROR_OUTPUT_PATTERN: ItemKind[] = [
	'good',
	'unsolvable',
	'good',
	'badUrl',
	'good',
	'good',
	'unsolvable',
	'badUrl',
	'good',
	'unsolvable',
];

function errorOutputItem(i: number): { kind: ItemKind; url: string } {
	const kind = ERROR_OUTPUT_PATTERN[i % ERROR_OUTPUT_PATTERN.length];
	const url =
		kind === 'unsolvable'
			? itemUrl(i, 'sandbox:unsolvable')
			: kind === 'badUrl'
				? `example.com/form?item=${i}`
				: itemUrl(i);
	return { kind, url };
}

export const errorOutput: Scenario = {
	name: 'error-output',
	title:
		'On Error "Continue (using error output)" with mixed items: each item once, on the right output, in order, with pairedItem; error items carry errorCode, hint, description',
	async run(options = {}) {
		const count = options.short ? 10 : 50;
		return await withSandbox({ solveMs: 50 }, async (sandbox) => {
			const specs = Array.from({ length: count }, (_, i) => errorOutputItem(i));
			const run = await runNode({
				parameters: createTaskParameters({ maxConcurrentTasks: 10 }, { websiteURL: URL_OF_ITEM }),
				credentials: credentials(sandbox),
				items: specs.map(({ url }, i) => ({ json: { i, url } })),
				onError: 'continueErrorOutput',
			});
			const indexOf = (item: INodeExecutionData) =>
				(item.pairedItem as { item?: number } | undefined)?.item;
			const expected = (kind: 'success' | 'error') =>
				specs
					.map((spec, i) => ({ ...spec, i }))
					.filter((spec) => (spec.kind === 'good') === (kind === 'success'))
					.map((spec) => spec.i);
			const routed = [...run.items, ...run.errorItems].map(indexOf);
			const codes: Record<string, number> = {};
			for (const item of run.errorItems) {
				const code = String((item.json.error as IDataObject | undefined)?.errorCode);
				codes[code] = (codes[code] ?? 0) + 1;
			}
			const base = figuresOf('error-output', count, run, sandbox);
			const figures = {
				...base,
				outputs: run.items.length + run.errorItems.length,
				errorItems: run.errorItems.length,
				successOutput: run.items.length,
				errorOutput: run.errorItems.length,
				errorCodes: codes,
				itemsOnBothOutputs: routed.length - new Set(routed).size,
			};
			const expect = new Expect();
			expect.equal('status', run.status, 'success');
			expect.equal('outputs', figures.outputs, count);
			expect.equal('itemsOnBothOutputs', figures.itemsOnBothOutputs, 0);
			expect.equal(
				'success output (pairedItem, in order)',
				JSON.stringify(run.items.map(indexOf)),
				JSON.stringify(expected('success')),
			);
			expect.equal(
				'error output (pairedItem, in order)',
				JSON.stringify(run.errorItems.map(indexOf)),
				JSON.stringify(expected('error')),
			);
			expect.equal('solved', figures.solved, expected('success').length);
			expect.that(
				'every success item is solved with the task of its own websiteURL',
				run.items.every(
					(item) =>
						isSolved(item) &&
						sandbox.tasks.get(Number(item.json.taskId))?.task.websiteURL ===
							specs[indexOf(item) ?? -1]?.url,
				),
			);
			const unsolvableHint = ERROR_TABLE.ERROR_CAPTCHA_UNSOLVABLE.hint;
			for (const item of run.errorItems) {
				const index = indexOf(item) ?? -1;
				const spec = specs[index];
				const error = item.json.error as IDataObject | undefined;
				const problems: string[] = [];
				if (Object.keys(item.json).join() !== 'error') problems.push('json is not just { error }');
				if (typeof error !== 'object' || error === null) problems.push('error is not an object');
				else {
					if (typeof error.message !== 'string' || error.message === '')
						problems.push('no message');
					if (typeof error.description !== 'string') problems.push('no description');
					if (typeof error.hint !== 'string' || error.hint === '') problems.push('no hint');
					if (spec?.kind === 'unsolvable') {
						if (error.errorCode !== 'ERROR_CAPTCHA_UNSOLVABLE') problems.push('errorCode');
						if (error.hint !== unsolvableHint) problems.push('not the table hint');
						if (sandbox.tasks.get(Number(error.taskId))?.task.websiteURL !== spec.url)
							problems.push('taskId is not its task');
					} else {
						if (error.errorCode !== 'INVALID_INPUT') problems.push('errorCode');
						if (!String(error.message).includes('Website URL')) problems.push('names no field');
						if (error.taskId !== undefined) problems.push('has a taskId');
					}
				}
				if (problems.length) {
					expect.that(
						`error item ${index} (${spec?.kind}): ${problems.join(', ')}: ${JSON.stringify(item.json)}`,
						false,
					);
					break; // one example is enough
				}
			}
			const sent = sandbox.requests.filter((r) => r.method === 'createTask').map(urlOfRequest);
			expect.equal(
				'createTaskCalls (none for the invalid URLs)',
				figures.createTaskCalls,
				specs.filter((spec) => spec.kind !== 'badUrl').length,
			);
			expect.equal(
				'createTask sent for an invalid URL',
				sent.filter((url) => !url.startsWith('https://')).length,
				0,
			);
			commonChecks(expect, figures);
			return { figures, deviations: expect.deviations };
		});
	},
};
