import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getResult from './getResult.operation';

export { create, getResult };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{
				name: 'Create Task',
				value: 'create',
				description:
					'Solve a captcha: create a task and wait for the answer. The answer is in "token" (valid for about 60–120 s); reuse any returned "userAgent" when sending it.',
				action: 'Solve a captcha',
			},
			{
				name: 'Get Task Result',
				value: 'getResult',
				description:
					'Get the result of a task created earlier, waiting until it is ready or checking once',
				action: 'Get a task result',
			},
		],
		default: 'create',
	},
	...create.description,
	...getResult.description,
];
