/** Invalid inputs for the task types of nodes/CapMonster/taskTypes/catalogue/raw.ts. */
import { bad, type InvalidCases } from './shared';

export const RAW_INVALID: Record<string, InvalidCases> = {
	customJson: {
		missing: {
			what: 'a task without type',
			path: 'taskJson',
			value: '{"websiteURL": "https://example.com"}',
			field: 'Task (JSON)',
			message: /needs a "type" field/,
		},
		bad: [
			bad(
				'text that is not JSON',
				'taskJson',
				'{type: ProsopoTask}',
				'Task (JSON)',
				/is not valid JSON/,
			),
		],
	},
};
