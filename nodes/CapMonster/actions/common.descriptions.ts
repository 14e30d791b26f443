import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_CONCURRENCY = 10;
export const MAX_CONCURRENCY = 100;

export const concurrencyOption: INodeProperties = {
	displayName: 'Max Concurrent Tasks',
	name: 'maxConcurrentTasks',
	type: 'number',
	default: DEFAULT_CONCURRENCY,
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
	description:
		'How many items are solved at the same time (1 = one after another). Output order always follows the input.',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	default: 0,
	typeOptions: { minValue: 0, maxValue: 600 },
	description:
		'Give up waiting after this many seconds; 0 uses the task type’s own limit (30 s for images, up to 180 s for reCAPTCHA). At most 120 result checks are made per task.',
};

export const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	default: '={{ $json.taskId }}',
	required: true,
	description:
		'The taskId from a Create Task output (results are kept by CapMonster for about 5 minutes)',
};
