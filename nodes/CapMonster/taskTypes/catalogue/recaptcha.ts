/**
 * Google reCAPTCHA: v2, v2 Enterprise, v3, v3 Enterprise and the image grid (ComplexImageTask "recaptcha").
 * Docs: docs.capmonster.cloud/docs/captchas/no-captcha-task, recaptcha-v2-enterprise-task,
 * recaptcha-v3-task, recaptcha-v3-enterprise-task, recaptcha-click.
 */
import { field } from '../answers';
import {
	cookies,
	isInvisible,
	minScore,
	optionsOf,
	pageAction,
	userAgent,
	websiteKey,
	websiteUrl,
} from '../fields';
import type { TaskTypeSpec } from '../types';

const RECAPTCHA_SITE_KEY =
	'The reCAPTCHA site key: the data-sitekey attribute of the captcha element, or the k= parameter of the recaptcha iframe/script URL';

const PAGE_ACTION_V3 =
	'The action passed to grecaptcha.execute(key, {action: …}) on the page; CapMonster uses "verify" when empty';

export const RECAPTCHA_TYPES: TaskTypeSpec[] = [
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
		value: 'recaptchaV2Enterprise',
		name: 'reCAPTCHA V2 Enterprise',
		description:
			'The reCAPTCHA v2 checkbox served by recaptcha/enterprise (anchor URL contains /enterprise/)',
		task: { type: 'RecaptchaV2EnterpriseTask' },
		fields: [
			websiteUrl(),
			websiteKey(
				'The site key: the data-sitekey attribute of the captcha element, or the k= parameter of the recaptcha/enterprise/anchor iframe URL (Network tab)',
			),
			pageAction(
				'The action the widget sends to Google, e.g. login_test in grecaptcha.enterprise.execute(key, {action: "login_test"}); only if it is not "verify"',
			),
			{
				// The docs' parameter table types it as a string, but their request example (and the
				// official JS client) send an object such as {"s": "…"}: sent as an object (https://docs.capmonster.cloud/docs/captchas/recaptcha-v2-enterprise-task/).
				name: 'enterprisePayload',
				displayName: 'Enterprise Payload',
				description:
					'Extra parameters the page passes to grecaptcha.enterprise.render() besides the sitekey, as a JSON object, e.g. {"s": "…"}. Capture them by wrapping that function before the captcha renders.',
				path: 'enterprisePayload',
				kind: 'jsonObject',
				placeholder: '{"s": "2JvUXHNTnZl1Jb6WEvbDyB…"}',
			},
			{
				name: 'apiDomain',
				displayName: 'API Domain',
				description:
					'The domain the page loads reCAPTCHA from; set it only when the page uses www.recaptcha.net instead of www.google.com',
				path: 'apiDomain',
				kind: 'options',
				default: 'www.google.com',
				options: optionsOf(['www.google.com', 'www.recaptcha.net']),
			},
			userAgent(),
			cookies(),
		],
		proxy: 'optional',
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
			pageAction(PAGE_ACTION_V3),
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
		value: 'recaptchaV3Enterprise',
		name: 'reCAPTCHA V3 Enterprise',
		description:
			'Score-based reCAPTCHA loaded from enterprise.js?render=KEY; always solved on CapMonster’s own proxies',
		task: { type: 'RecaptchaV3EnterpriseTask' },
		fields: [
			websiteUrl(),
			websiteKey(
				'The site key: the render= parameter of the enterprise.js script URL (…/recaptcha/enterprise.js?render=KEY)',
			),
			minScore(),
			pageAction(PAGE_ACTION_V3),
		],
		proxy: 'none',
		answer: field('gRecaptchaResponse'),
		timing: 'recaptcha',
		report: 'token',
	},
	{
		value: 'recaptchaClick',
		name: 'reCAPTCHA Image Grid',
		description:
			'Click the right tiles of a reCAPTCHA picture challenge (3x3, 4x4 or one new tile); answer: one true/false per tile',
		task: { type: 'ComplexImageTask', class: 'recaptcha' },
		image: { base64Path: 'imagesBase64', urlPath: 'imageUrls', min: 1, max: 1 },
		fields: [
			{
				name: 'grid',
				displayName: 'Grid',
				description:
					'How the picture is divided: 3x3 or 4x4 for the whole challenge, 1x1 for one tile that replaced a clicked one',
				path: 'metadata.Grid',
				kind: 'options',
				required: true,
				default: '3x3',
				options: optionsOf([
					{ name: '1x1 (One New Tile)', value: '1x1' },
					{ name: '3x3', value: '3x3' },
					{ name: '4x4', value: '4x4' },
				]),
			},
			{
				name: 'taskInstruction',
				displayName: 'Task Instruction',
				description:
					'The instruction shown above the images, in English, e.g. Click on traffic lights. Give this or the Task Definition.',
				path: 'metadata.Task',
				kind: 'string',
				primary: true,
				placeholder: 'Click on traffic lights',
			},
			{
				name: 'taskDefinition',
				displayName: 'Task Definition',
				description:
					'The challenge’s technical ID, e.g. /m/015qff, from the JSON answer of the page’s /recaptcha/api2/reload (or /recaptcha/enterprise/reload, …/userverify) request in the Network tab. Give this or the Task Instruction.',
				path: 'metadata.TaskDefinition',
				kind: 'string',
				primary: true,
				placeholder: '/m/015qff',
			},
			{
				...userAgent(),
				description:
					'User agent CapMonster uses to download the image when you give an image URL; use a current browser, or Google refuses the download',
			},
			// The docs' parameter table spells it websiteURL; their request example writes websiteUrl.
			websiteUrl('Address of the page where the captcha is solved', { required: false }),
		],
		proxy: 'none',
		check: (task) => {
			const metadata = (task.metadata ?? {}) as Record<string, unknown>;
			if (metadata.Task === undefined && metadata.TaskDefinition === undefined)
				return {
					field: 'Task Instruction',
					problem:
						'or Task Definition is required: give the English instruction shown above the images, or its task definition',
				};
			return undefined;
		},
		answer: field('answer'),
		timing: 'image',
		report: 'image',
	},
];
