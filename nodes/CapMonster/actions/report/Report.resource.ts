import type { INodeProperties } from 'n8n-workflow';

import * as incorrectImage from './incorrectImage.operation';
import * as incorrectToken from './incorrectToken.operation';

export { incorrectImage, incorrectToken };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['report'] } },
		options: [
			{
				name: 'Report Incorrect Image',
				value: 'incorrectImage',
				description: 'Tell CapMonster an image answer (Image to Text, image grid) was wrong',
				action: 'Report an incorrect image answer',
			},
			{
				name: 'Report Incorrect Token',
				value: 'incorrectToken',
				description:
					'Tell CapMonster the site rejected a token (reCAPTCHA, Turnstile, GeeTest…). Report only answers the site refused, e.g. a form that used to accept tokens now rejects them.',
				action: 'Report an incorrect token',
			},
		],
		default: 'incorrectToken',
	},
	...incorrectToken.description,
	...incorrectImage.description,
];
