import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { guessAnswer, processingOutput, solvedOutput } from '../../helpers/output';
import type { RunContext } from '../../helpers/run';
import { waitForResult } from '../../helpers/solve';
import { resolveTiming } from '../../helpers/timing';
import { updateDisplayOptions } from '../../helpers/utils';
import { readTimeout, requireTaskId } from '../../helpers/validation';
import { concurrencyOption, taskIdField, timeoutOption } from '../common.descriptions';

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
