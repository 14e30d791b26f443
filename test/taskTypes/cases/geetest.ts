/** Body cases for the task types of nodes/CapMonster/taskTypes/catalogue/geetest.ts. */
import { PROXY_FIELDS, PROXY_PARAMETERS, USER_AGENT } from '../harness';
import { type BodyCase } from './shared';

export const GEETEST_CASES: BodyCase[] = [
	{
		title: 'GeeTest v3 with API subdomain, user agent and proxy',
		taskType: 'geetestV3',
		parameters: {
			websiteURL: 'https://www.geetest.com/en/demo',
			gt: '022397c99c9f646f6477822485f30404',
			challenge: '7f044f48bc951ecfbfc03842b5e1fe59',
			...PROXY_PARAMETERS,
			additionalFields: { geetestApiServerSubdomain: 'api-na.geetest.com', userAgent: USER_AGENT },
		},
		expected: {
			type: 'GeeTestTask',
			version: 3,
			websiteURL: 'https://www.geetest.com/en/demo',
			gt: '022397c99c9f646f6477822485f30404',
			challenge: '7f044f48bc951ecfbfc03842b5e1fe59',
			geetestApiServerSubdomain: 'api-na.geetest.com',
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		variant: 'v3',
		token: (solution) => solution,
	},
	{
		title: 'GeeTest v4 with init parameters object and get-lib text',
		taskType: 'geetestV4',
		parameters: {
			websiteURL: 'https://gt4.geetest.com/',
			gt: '54088bb07d2df3c46b79f80300b0abbe',
			additionalFields: {
				initParameters: '{"riskType": "slide"}',
				geetestGetLib: '{"path": "/static/js/gcaptcha4.js"}',
			},
		},
		expected: {
			type: 'GeeTestTask',
			version: 4,
			websiteURL: 'https://gt4.geetest.com/',
			gt: '54088bb07d2df3c46b79f80300b0abbe',
			initParameters: { riskType: 'slide' },
			geetestGetLib: '{"path": "/static/js/gcaptcha4.js"}',
		},
		variant: 'v4',
		token: (solution) => solution,
	},
];
