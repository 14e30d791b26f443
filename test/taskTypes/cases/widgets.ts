/** Body cases for the task types of nodes/CapMonster/taskTypes/catalogue/widgets.ts. */
import { PROXY_FIELDS, PROXY_PARAMETERS, USER_AGENT } from '../harness';
import { type BodyCase, field } from './shared';

export const WIDGET_CASES: BodyCase[] = [
	{
		title: 'FunCaptcha with blob data (JSON string), subdomain, user agent and cookies',
		taskType: 'funCaptcha',
		parameters: {
			websiteURL: 'https://www.example.com',
			websitePublicKey: 'EX72CCFB-26EX-40E5-91E6-85EX70BE98ED',
			additionalFields: {
				data: '{"blob": "nj9UbL+yio7goOlTQ/b64t.ayrrBnP6kPgzlKYCP/kv491lKS"}',
				funcaptchaApiJSSubdomain: 'example-api.arkoselabs.com',
				userAgent: USER_AGENT,
				cookies: 'arkose=1',
			},
		},
		expected: {
			type: 'FunCaptchaTask',
			websiteURL: 'https://www.example.com',
			websitePublicKey: 'EX72CCFB-26EX-40E5-91E6-85EX70BE98ED',
			data: '{"blob":"nj9UbL+yio7goOlTQ/b64t.ayrrBnP6kPgzlKYCP/kv491lKS"}',
			funcaptchaApiJSSubdomain: 'example-api.arkoselabs.com',
			userAgent: USER_AGENT,
			cookies: 'arkose=1',
		},
		token: field('token'),
	},
	{
		title: 'Binance',
		taskType: 'binance',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: 'login',
			validateId: 'cb0bfefa598b4c3887661fde54ecd57b',
			...PROXY_PARAMETERS,
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'BinanceTask',
			websiteURL: 'https://example.com',
			websiteKey: 'login',
			validateId: 'cb0bfefa598b4c3887661fde54ecd57b',
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		token: field('token'),
	},
	{
		title: 'Prosopo',
		taskType: 'prosopo',
		parameters: {
			websiteURL: 'https://www.example.com',
			websiteKey: '5EZU3LG31uzq1Mwi8inwqxmfvFDpj7VzwDnZwj4Q3syyxBwV',
		},
		expected: {
			type: 'ProsopoTask',
			websiteURL: 'https://www.example.com',
			websiteKey: '5EZU3LG31uzq1Mwi8inwqxmfvFDpj7VzwDnZwj4Q3syyxBwV',
		},
		token: field('token'),
	},
	{
		title: 'MTCaptcha with action and invisible flag',
		taskType: 'mtCaptcha',
		parameters: {
			websiteURL: 'https://www.example.com',
			websiteKey: 'MTPublic-abCDEFJAB',
			additionalFields: { isInvisible: false, pageAction: 'login', userAgent: USER_AGENT },
		},
		expected: {
			type: 'MTCaptchaTask',
			websiteURL: 'https://www.example.com',
			websiteKey: 'MTPublic-abCDEFJAB',
			isInvisible: false,
			pageAction: 'login',
			userAgent: USER_AGENT,
		},
		token: field('token'),
	},
	{
		title: 'Yidun Enterprise fields at the top level (hct as an integer)',
		taskType: 'yidun',
		parameters: {
			websiteURL: 'https://id7.cloud.example.com/IframeLogin.html',
			websiteKey: '0f123r2a6am56431yg17n8rz6grz0ym6',
			additionalFields: {
				userAgent: USER_AGENT,
				yidunGetLib: 'https://example.com/captcha/b/v3//static/load.min.js',
				yidunApiServerSubdomain: 'csc-captcha-example.com',
				challenge: 'abc55382321547556267884cc3ba57c3d8a7c14f541fd9c6a7f1ce3173d3b9a1',
				hcg: '9a217825f3dcfac3d34e551e93819d610dec931e5e2a2236edf0e1f3f320c191',
				hct: '1751469954806',
			},
		},
		expected: {
			type: 'YidunTask',
			websiteURL: 'https://id7.cloud.example.com/IframeLogin.html',
			websiteKey: '0f123r2a6am56431yg17n8rz6grz0ym6',
			userAgent: USER_AGENT,
			yidunGetLib: 'https://example.com/captcha/b/v3//static/load.min.js',
			yidunApiServerSubdomain: 'csc-captcha-example.com',
			challenge: 'abc55382321547556267884cc3ba57c3d8a7c14f541fd9c6a7f1ce3173d3b9a1',
			hcg: '9a217825f3dcfac3d34e551e93819d610dec931e5e2a2236edf0e1f3f320c191',
			hct: 1751469954806,
		},
		token: field('token'),
	},
];
