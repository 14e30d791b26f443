import type { INodeProperties } from 'n8n-workflow';

import * as getBalance from './getBalance.operation';
import * as getUserAgent from './getUserAgent.operation';

export { getBalance, getUserAgent };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Balance',
				value: 'getBalance',
				description: 'Get the account balance in USD, optionally failing when it is too low',
				action: 'Get the account balance',
			},
			{
				name: 'Get User Agent',
				value: 'getUserAgent',
				description:
					'Get the browser user agent CapMonster recommends for tasks and for sending tokens',
				action: 'Get the recommended user agent',
			},
		],
		default: 'getBalance',
	},
	...getBalance.description,
	...getUserAgent.description,
];
