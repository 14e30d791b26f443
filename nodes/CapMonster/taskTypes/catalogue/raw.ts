/** Custom (Raw JSON): any task object, for types this node does not list (hCaptcha, new classes, …). */
import { guessAnswer } from '../answers';
import type { TaskTypeSpec } from '../types';

export const RAW_TYPES: TaskTypeSpec[] = [
	{
		value: 'customJson',
		name: 'Custom (Raw JSON)',
		description: 'Any task object, for types this node does not list yet',
		task: {},
		fields: [
			{
				name: 'taskJson',
				displayName: 'Task (JSON)',
				description:
					'The whole "task" object of createTask, with its "type" (see docs.capmonster.cloud). Sent as is; the API key is added by the credential.',
				path: '.',
				kind: 'jsonObject',
				required: true,
				default:
					'{\n  "type": "RecaptchaV2Task",\n  "websiteURL": "https://example.com",\n  "websiteKey": ""\n}',
				rows: 8,
			},
		],
		proxy: 'none',
		check: (task) =>
			typeof task.type === 'string' && task.type.trim()
				? undefined
				: {
						field: 'Task (JSON)',
						problem: 'needs a "type" field with the CapMonster task type, e.g. "RecaptchaV2Task"',
					},
		answer: guessAnswer,
		timing: 'long',
		report: 'token',
	},
];
