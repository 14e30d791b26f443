/** Invalid inputs for the task types of nodes/CapMonster/taskTypes/catalogue/widgets.ts. */
import { NOT_URL, bad, missing, type InvalidCases } from './shared';

export const WIDGET_INVALID: Record<string, InvalidCases> = {
	funCaptcha: {
		missing: missing('websitePublicKey', 'Website Public Key'),
		bad: [
			bad(
				'blob that is not JSON',
				'additionalFields.data',
				'blob=abc',
				'Data (Blob)',
				/is not valid JSON/,
			),
			bad(
				'subdomain with a path',
				'additionalFields.funcaptchaApiJSSubdomain',
				'example-api.arkoselabs.com/v2/api.js',
				'API JS Subdomain',
				/must be a host name only/,
			),
		],
	},
	binance: {
		missing: missing('validateId', 'Validate ID'),
		bad: [bad('URL without scheme', 'websiteURL', 'www.binance.com/login', 'Website URL', NOT_URL)],
	},
	prosopo: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [bad('URL without scheme', 'websiteURL', 'www.example.com', 'Website URL', NOT_URL)],
	},
	mtCaptcha: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [
			bad(
				'invisible flag "maybe"',
				'additionalFields.isInvisible',
				'maybe',
				'Is Invisible',
				/must be true or false/,
			),
		],
	},
	yidun: {
		missing: missing('websiteURL', 'Website URL'),
		bad: [
			bad(
				'hct that is not a number',
				'additionalFields.hct',
				'yesterday',
				'HCT',
				/must be a number/,
			),
			bad(
				'hct with decimals',
				'additionalFields.hct',
				1751469954.5,
				'HCT',
				/must be a whole number/,
			),
			bad(
				'standard API host as subdomain',
				'additionalFields.yidunApiServerSubdomain',
				'c.dun.163.com',
				'API Server Subdomain',
				/must be the site’s own API host/,
			),
		],
	},
};
