import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { solveTask } from '../../solver/solve';
import type { RunContext } from '../../solver/run';
import { resolveTiming } from '../../solver/timing';
import { processingOutput, solvedOutput } from '../../solver/output';
import { settle, updateDisplayOptions } from '../../helpers/utils';
import { isBlank, readTimeout, requireHttpUrl } from '../../helpers/validation';
import { CapMonsterApiError } from '../../transport';
import {
	buildTask,
	findTaskType,
	TASK_TYPES,
	taskTypeProperties,
	type TaskTypeSpec,
} from '../../taskTypes';
import type { BuiltTask } from '../../taskTypes/build';
import { concurrencyOption, timeoutOption } from '../common.descriptions';
import type { OperationEntry } from '../operations';
import { AUTO_DETECT, buildDetectedTask, withAutoDetect } from './autoDetect';
import { createToolDescriptionProperties } from './toolDescriptions';

export const operation: OperationEntry = {
	name: 'Create Task',
	value: 'create',
	action: 'Solve a captcha',
	// "Solve reCAPTCHA V2": the display name of the chosen type, not its value.
	subtitle: `"Solve " + (${JSON.stringify({
		[AUTO_DETECT.value]: AUTO_DETECT.subtitle,
		...Object.fromEntries(TASK_TYPES.map((type) => [type.value, type.name])),
	})})[$parameter["taskType"]]`,
	description:
		'Solve a captcha: create a task and wait for the answer. The answer is in "token" (valid for about 60–120 s); reuse any returned "userAgent" when sending it.',
};

const typeProperties = withAutoDetect(taskTypeProperties(TASK_TYPES));

const properties: INodeProperties[] = [
	// Task Type first, then (on the AI Agent tool only) the type's Description, then its fields.
	...typeProperties.filter(({ name }) => name === 'taskType'),
	...createToolDescriptionProperties(TASK_TYPES),
	...typeProperties.filter(({ name }) => name !== 'taskType'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				placeholder: '={{ $execution.resumeUrl }}',
				description:
					'CapMonster POSTs the finished result to this URL. With Wait for Result off and a Wait node (On Webhook Call) next, use {{ $execution.resumeUrl }} so no worker waits while the captcha is solved.',
			},
			concurrencyOption,
			{
				displayName: 'Retry Unsolvable',
				name: 'retryUnsolvable',
				type: 'boolean',
				default: false,
				description:
					'Whether to create one new task when CapMonster reports the captcha unsolvable (ERROR_CAPTCHA_UNSOLVABLE). The failed task is not charged.',
			},
			timeoutOption,
			{
				displayName: 'Wait for Result',
				name: 'waitForResult',
				type: 'boolean',
				default: true,
				description:
					'Whether to wait until the captcha is solved. Off: return the task ID at once (status "processing") and fetch the result later with Get Task Result or a callback URL.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['create'] } },
	properties,
);

interface CreateOptions {
	callbackUrl?: unknown;
	retryUnsolvable?: boolean;
	timeout?: unknown;
	waitForResult?: boolean;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<IDataObject> {
	const typeValue = this.getNodeParameter('taskType', itemIndex) as string;
	if (typeValue === AUTO_DETECT.value) {
		const { type, built, detected } = await buildDetectedTask(this, itemIndex);
		return { ...(await solve.call(this, itemIndex, run, type, built)), detected };
	}
	const type = findTaskType(typeValue);
	if (!type) {
		throw new NodeOperationError(
			this.getNode(),
			`Unknown task type "${typeValue}" (item ${itemIndex})`,
			{ itemIndex },
		);
	}
	return await solve.call(this, itemIndex, run, type, await buildTask(this, itemIndex, type));
}

/** Solves a built task: the same for a chosen Task Type and for an auto-detected one. */
async function solve(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
	type: TaskTypeSpec,
	{ task, noCache }: BuiltTask,
): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as CreateOptions;
	// An expression may give a number, an object or null here.
	const callbackUrl = isBlank(options.callbackUrl)
		? undefined
		: requireHttpUrl(this, itemIndex, 'Callback URL', options.callbackUrl);
	const keyNoCache = run.connection.credentials.data?.noCache === true;
	// A Timeout that ends before the first poll would pay for a task and never read it (unless not waiting).
	const { firstDelayMs, firstDelayNoCacheMs } = resolveTiming(type.timing);
	const firstPollMs = noCache || keyNoCache ? firstDelayNoCacheMs : firstDelayMs;
	const firstPoll =
		options.waitForResult === false
			? undefined
			: { ms: firstPollMs, noCache: firstPollMs !== firstDelayMs };
	const timing = resolveTiming(
		type.timing,
		readTimeout(this, itemIndex, options.timeout, firstPoll),
	);
	const deadline = Date.now() + timing.timeoutMs;
	const taskType = typeof task.type === 'string' ? task.type : null;

	const solveOnce = async () => {
		const { taskId, result } = await solveTask.call(this, run, task, {
			itemIndex,
			deadline,
			timing,
			callbackUrl,
			noCache: noCache || keyNoCache,
			waitForResult: options.waitForResult !== false,
			answer: type.answer,
		});
		if (!result) return processingOutput(taskId, taskType);
		return solvedOutput(taskId, taskType, result, type.answer);
	};

	const first = await settle(solveOnce());
	if (first.ok) return first.value;
	const unsolvable =
		first.error instanceof CapMonsterApiError && first.error.behaviour === 'unsolvable';
	if (!unsolvable || !options.retryUnsolvable || Date.now() >= deadline) throw first.error;
	return await solveOnce();
}
