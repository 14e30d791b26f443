/**
 * Token widgets with a top-level type of their own: FunCaptcha (Arkose Labs), Binance, Prosopo,
 * MTCaptcha and Yidun (NetEase). Docs: docs.capmonster.cloud/docs/captchas/funcaptcha-task, binance,
 * prosopo-task, mtcaptcha-task, yidun-task.
 */
import { field } from '../answers';
import {
	apiHost,
	cookies,
	isInvisible,
	pageAction,
	scriptUrl,
	userAgent,
	websiteKey,
	websiteUrl,
} from '../fields';
import type { TaskTypeSpec } from '../types';

/** Yidun's own API hosts, which the docs say the subdomain field must not repeat. */
const YIDUN_DEFAULT_HOSTS = ['c.dun.163.com', 'c-v6.dun.163.com'];

export const WIDGET_TYPES: TaskTypeSpec[] = [
	{
		value: 'funCaptcha',
		name: 'FunCaptcha (Arkose Labs)',
		description: 'Arkose Labs FunCaptcha; the answer is the token for the fc-token field',
		task: { type: 'FunCaptchaTask' },
		fields: [
			websiteUrl(),
			{
				name: 'websitePublicKey',
				displayName: 'Website Public Key',
				description:
					'The Arkose public key: the pk= parameter of the arkoselabs.com request, or data-pkey / publicKey on the page (like EX72CCFB-26EX-40E5-91E6-85EX70BE98ED)',
				path: 'websitePublicKey',
				kind: 'string',
				required: true,
			},
			{
				// The docs send it as a JSON-encoded string ("data": "{\"blob\":\"…\"}"), not an object.
				name: 'data',
				displayName: 'Data (Blob)',
				description:
					'Only if the site passes data[blob]: a JSON object such as {"blob": "…"} with the blob taken from the page before the captcha iframe loads (it is single-use). Sent as a JSON string.',
				path: 'data',
				kind: 'jsonString',
				placeholder: '{"blob": "nj9UbL+yio7goOlTQ/b64t…"}',
			},
			apiHost(
				'funcaptchaApiJSSubdomain',
				'API JS Subdomain',
				'The Arkose host the page loads api.js from (the surl value), if not client-api.arkoselabs.com, without https://',
				'example-api.arkoselabs.com',
			),
			userAgent(),
			cookies(),
		],
		proxy: 'optional',
		answer: field('token'),
		timing: 'token',
		report: 'token',
	},
	{
		value: 'binance',
		name: 'Binance',
		description: 'The Binance login / security-check captcha',
		task: { type: 'BinanceTask' },
		fields: [
			websiteUrl(),
			websiteKey(
				'The bizId (also called bizType or bizCode) of the page’s captcha request in the Network tab, e.g. login',
				{ placeholder: 'login' },
			),
			{
				name: 'validateId',
				displayName: 'Validate ID',
				description:
					'The dynamic validateId (also securityId or securityCheckResponseValidateId) from the site’s security-check response in the Network tab; take a fresh one for every task',
				path: 'validateId',
				kind: 'string',
				required: true,
			},
			userAgent(),
		],
		proxy: 'optional',
		answer: field('token'),
		// NET and Python clients allow Binance 20 s (JS: 80 s): the validateId goes stale quickly.
		timing: 'short',
		report: 'token',
	},
	{
		value: 'prosopo',
		name: 'Prosopo',
		description: 'The Prosopo Procaptcha widget',
		task: { type: 'ProsopoTask' },
		fields: [
			websiteUrl(),
			websiteKey(
				'The Prosopo site key: the data-sitekey attribute of the procaptcha element, or siteKey in the page’s requests (starts with 5…)',
			),
		],
		proxy: 'optional',
		answer: field('token'),
		timing: 'long',
		report: 'token',
	},
	{
		value: 'mtCaptcha',
		name: 'MTCaptcha',
		description: 'The MTCaptcha widget, visible or invisible',
		task: { type: 'MTCaptchaTask' },
		fields: [
			websiteUrl(),
			websiteKey(
				'The MTCaptcha site key (MTPublic-…): sitekey in mtcaptchaConfig on the page, or the sk= parameter of its requests',
				{ placeholder: 'MTPublic-abCDEFJAB' },
			),
			pageAction(
				'The action in mtcaptchaConfig (sent as act= in its requests); only if it is not the default %24',
			),
			isInvisible(
				'Whether the captcha is invisible (a hidden field, with a visible check only when the site suspects a bot)',
			),
			userAgent(),
		],
		proxy: 'optional',
		answer: field('token'),
		timing: 'long',
		report: 'token',
	},
	{
		value: 'yidun',
		name: 'Yidun (NetEase)',
		description:
			'NetEase Yidun captcha, including the Enterprise version (challenge, hcg, hct under Additional Fields)',
		task: { type: 'YidunTask' },
		fields: [
			websiteUrl(
				'Address of the page with the captcha: the referer= parameter of its get?referer= or check?referer= request (URL-decoded)',
			),
			websiteKey('The id= parameter of the same get / check request in the Network tab'),
			userAgent(),
			// Enterprise fields sit at the top level of the task, as in the docs and the JS/.NET clients
			// (the official n8n node nests them under metadata; https://docs.capmonster.cloud/docs/captchas/yidun-task/).
			scriptUrl(
				'yidunGetLib',
				'Get Lib URL',
				'Full https:// address of the script that loads the captcha (e.g. …/load.min.js); recommended when the site uses challenge, hcg or hct',
				{ required: false },
			),
			apiHost(
				'yidunApiServerSubdomain',
				'API Server Subdomain',
				'The site’s own Yidun API host (Enterprise), without https://; not c.dun.163.com or c-v6.dun.163.com',
				'csc-captcha-example.com',
			),
			{
				name: 'challenge',
				displayName: 'Challenge',
				description:
					'Enterprise only: the challenge of the current captcha, from the requests made while it initialises',
				path: 'challenge',
				kind: 'string',
			},
			{
				name: 'hcg',
				displayName: 'HCG',
				description: 'Enterprise only: the captcha hash (hcg), found together with the challenge',
				path: 'hcg',
				kind: 'string',
			},
			{
				name: 'hct',
				displayName: 'HCT',
				description:
					'Enterprise only: the numeric timestamp (hct), found together with the challenge, e.g. 1751469954806',
				path: 'hct',
				kind: 'integer',
				min: 0,
			},
		],
		proxy: 'optional',
		check: (task) =>
			YIDUN_DEFAULT_HOSTS.includes(String(task.yidunApiServerSubdomain).toLowerCase())
				? {
						field: 'API Server Subdomain',
						problem: `must be the site’s own API host, not ${String(task.yidunApiServerSubdomain)}; leave it empty for the standard servers`,
					}
				: undefined,
		answer: field('token'),
		timing: 'long',
		report: 'token',
	},
];
