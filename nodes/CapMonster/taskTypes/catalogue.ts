/**
 * Every task type the node offers, each declared once. To add a type: add a declaration here
 * (fields, proxy rule, answer, timing, report kind) and a test in test/taskTypes.test.ts.
 * Field names, nesting and value types follow the vendor docs (docs.capmonster.cloud).
 */
import { dataField, field } from './answers';
import {
	cookies,
	isInvisible,
	minScore,
	pageAction,
	userAgent,
	websiteKey,
	websiteUrl,
} from './fields';
import type { TaskTypeSpec } from './types';

const RECAPTCHA_SITE_KEY =
	'The reCAPTCHA site key: the data-sitekey attribute of the captcha element, or the k= parameter of the recaptcha iframe/script URL';

export const TASK_TYPES: TaskTypeSpec[] = [
	{
		value: 'recaptchaV2',
		name: 'reCAPTCHA V2',
		description: 'The "I\'m not a robot" checkbox, visible or invisible',
		task: { type: 'RecaptchaV2Task' },
		fields: [
			websiteUrl(),
			websiteKey(RECAPTCHA_SITE_KEY),
			isInvisible(),
			{
				name: 'recaptchaDataSValue',
				displayName: 'Data-S Value',
				description:
					'The one-time data-s attribute of the captcha element, if the page has one (Google services)',
				path: 'recaptchaDataSValue',
				kind: 'string',
			},
			userAgent(),
			cookies(),
		],
		proxy: 'optional',
		noCache: true,
		answer: field('gRecaptchaResponse'),
		timing: 'recaptcha',
		report: 'token',
	},
	{
		value: 'recaptchaV3',
		name: 'reCAPTCHA V3',
		description:
			'Invisible score-based reCAPTCHA (api.js?render=KEY); always solved on CapMonster’s own proxies',
		task: { type: 'RecaptchaV3TaskProxyless' },
		fields: [
			websiteUrl(),
			websiteKey(
				'The site key: the render= parameter of the api.js script URL, or the key passed to grecaptcha.execute()',
			),
			minScore(),
			pageAction(
				'The action passed to grecaptcha.execute(key, {action: …}) on the page; CapMonster uses "verify" when empty',
			),
			{
				name: 'isEnterprise',
				displayName: 'Is Enterprise',
				description: 'Whether the page loads enterprise.js (reCAPTCHA v3 Enterprise)',
				path: 'isEnterprise',
				kind: 'boolean',
				default: false,
			},
		],
		proxy: 'none',
		noCache: true,
		answer: field('gRecaptchaResponse'),
		timing: 'recaptcha',
		report: 'token',
	},
	{
		value: 'imageToText',
		name: 'Image to Text',
		description: 'Read the characters in a captcha image',
		task: { type: 'ImageToTextTask' },
		image: { base64Path: 'body', min: 1, max: 1 },
		fields: [
			{
				name: 'capMonsterModule',
				displayName: 'Recognition Module',
				description:
					'A CapMonster module trained for a specific site’s captchas; leave empty for automatic choice',
				path: 'capMonsterModule',
				kind: 'options',
				default: 'universal',
				options: [
					'amazon',
					'apple',
					'botdetect',
					'captcha_math',
					'facebook',
					'gmx',
					'google',
					'hotmail',
					'mailru',
					'okeng',
					'okrus',
					'partiallyblur',
					'ramblerrus',
					'ramblerrusnew',
					'sat',
					'solvemedia',
					'steam',
					'universal',
					'vk',
					'whatsapp',
					'wikimedia_paddle_ensemble',
					'yandex',
					'yandexwave',
				].map((module) => ({ name: module, value: module })),
			},
			{
				name: 'recognizingThreshold',
				displayName: 'Recognizing Threshold',
				description:
					'Minimum confidence (0–100). Below it the task fails as unsolvable and is not charged.',
				path: 'recognizingThreshold',
				kind: 'integer',
				min: 0,
				max: 100,
				default: 0,
			},
			{
				name: 'case',
				displayName: 'Case Sensitive',
				description: 'Whether upper and lower case letters matter in the answer',
				path: 'case',
				kind: 'boolean',
				default: false,
			},
			{
				name: 'numeric',
				displayName: 'Digits Only',
				description: 'Whether the answer contains only digits',
				path: 'numeric',
				kind: 'bit',
				default: false,
			},
			{
				name: 'math',
				displayName: 'Math',
				description:
					'Whether the image shows a sum to calculate (answer is the result). Do not combine with the captcha_math module.',
				path: 'math',
				kind: 'boolean',
				default: false,
			},
		],
		proxy: 'none',
		answer: field('text'),
		timing: 'image',
		report: 'image',
	},
	{
		value: 'turnstile',
		name: 'Cloudflare Turnstile',
		description: 'The Turnstile widget on a page (not the full-page challenge)',
		task: { type: 'TurnstileTask' },
		fields: [
			websiteUrl(),
			websiteKey(
				'The Turnstile site key: the data-sitekey attribute of the cf-turnstile element (starts with 0x4…)',
			),
			pageAction('The data-action attribute of the widget, if any'),
			{
				name: 'data',
				displayName: 'CData',
				description: 'The data-cdata attribute of the widget, if any',
				path: 'data',
				kind: 'string',
			},
		],
		proxy: 'optional',
		answer: field('token'),
		timing: 'token',
		report: 'token',
	},
	{
		value: 'customJson',
		name: 'Custom (Raw JSON)',
		description: 'Any task object, for types this node does not list yet',
		task: {},
		fields: [
			{
				name: 'taskJson',
				displayName: 'Task (JSON)',
				description:
					'The whole "task" object of createTask, with its "type" (see docs.capmonster.cloud). Sent as is; the API key is added by the credential.',
				path: '.',
				kind: 'jsonObject',
				required: true,
				default:
					'{\n  "type": "RecaptchaV2Task",\n  "websiteURL": "https://example.com",\n  "websiteKey": ""\n}',
				rows: 8,
			},
		],
		proxy: 'none',
		check: (task) =>
			typeof task.type === 'string' && task.type.trim()
				? undefined
				: 'Task (JSON) needs a "type" field with the CapMonster task type, e.g. "RecaptchaV2Task"',
		answer: (solution) =>
			['gRecaptchaResponse', 'token', 'text', 'answer', 'cf_clearance']
				.map((name) => solution[name])
				.find((value) => value !== undefined) ?? dataField('token')(solution),
		timing: 'long',
		report: 'token',
	},
];
