/** Body cases for the task types of nodes/CapMonster/taskTypes/catalogue/raw.ts. */
import { type BodyCase, field } from './shared';

export const RAW_CASES: BodyCase[] = [
	{
		title: 'Custom (Raw JSON) is sent as given',
		taskType: 'customJson',
		parameters: {
			taskJson:
				'{"type": "ProsopoTask", "websiteURL": "https://www.example.com", "websiteKey": "5EZU3LG31uzq1Mwi8inwqxmfvFDpj7VzwDnZwj4Q3syyxBwV"}',
		},
		expected: {
			type: 'ProsopoTask',
			websiteURL: 'https://www.example.com',
			websiteKey: '5EZU3LG31uzq1Mwi8inwqxmfvFDpj7VzwDnZwj4Q3syyxBwV',
		},
		token: field('token'),
	},
];
