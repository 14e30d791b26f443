/** Invalid inputs for the task types of nodes/CapMonster/taskTypes/catalogue/geetest.ts. */
import { bad, missing, type InvalidCases } from './shared';

export const GEETEST_INVALID: Record<string, InvalidCases> = {
	geetestV3: {
		missing: missing('challenge', 'Challenge'),
		bad: [
			bad(
				'API subdomain with https://',
				'additionalFields.geetestApiServerSubdomain',
				'https://api-na.geetest.com',
				'API Server Subdomain',
				/must be a host name only/,
			),
			bad(
				'proxy authorised by IP (no login)',
				'proxyLogin',
				'',
				'Proxy Login',
				/GeeTest does not support proxies authorised by IP/,
			),
		],
	},
	geetestV4: {
		missing: missing('gt', 'Captcha ID'),
		bad: [
			bad(
				'init parameters that are a list',
				'additionalFields.initParameters',
				'[{"riskType": "slide"}]',
				'Init Parameters',
				/must be a JSON object/,
			),
		],
	},
};
