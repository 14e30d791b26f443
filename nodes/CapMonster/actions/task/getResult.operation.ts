import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { processingOutput, solvedOutput } from '../../solver/output';
import { guessAnswer } from '../../taskTypes/answers';
import type { RunContext } from '../../solver/run';
import { waitForResult } from '../../solver/solve';
import { resolveTiming } from '../../solver/timing';
import { updateDisplayOptions } from '../../helpers/utils';
import { readTimeout, requireTaskId } from '../../helpers/validation';
import { concurrencyOption, taskIdField, timeoutOption } from '../common.descriptions';
import type { OperationEntry } from '../operations';

export const operation: OperationEntry = {
	name: 'Get Task Result',
	value: 'getResult',
	action: 'Get a task result',
	description:
		'Get the result of a task created earlier, waiting until it is ready or checking once',
	toolDescription:
		'Get the result of a CapMonster task created earlier, by taskId. Returns status ("processing" or "ready") and, when ready, token with the answer, userAgent when the answer is bound to that browser, and cost in USD. Results are kept for about 5 minutes after the task was created.',
};

const properties: INodeProperties[] = [
	taskIdField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			concurrencyOption,
			timeoutOption,
			{
				displayName: 'Wait Until Ready',
				name: 'waitUntilReady',
				type: 'boolean',
				default: true,
				description:
					'Whether to keep checking until the task is solved. Off: check once and return status "processing" or "ready"; leave at least 2 s between checks of one task (e.g. with a Wait node).',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['getResult'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<IDataObject> {
	const taskId = requireTaskId(this, itemIndex, this.getNodeParameter('taskId', itemIndex));
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		timeout?: number;
		waitUntilReady?: boolean;
	};
	// The task may already be well under way: poll from the first check on, with the longest limits.
	const timing = resolveTiming('long', readTimeout(this, itemIndex, options.timeout));
	const result = await waitForResult.call(this, run, taskId, {
		itemIndex,
		timing: { ...timing, firstDelayMs: 0, firstDelayNoCacheMs: 0 },
		deadline: Date.now() + timing.timeoutMs,
		noCache: false,
		singleCheck: options.waitUntilReady === false,
	});
	if (result.status !== 'ready') return processingOutput(taskId, null);
	return solvedOutput(taskId, null, result, guessAnswer);
}
