/**
 * Realistic input for every Task Type (values from the vendor docs' examples) and the exact `task`
 * object the docs would send for it. Shared by the body, validation and Continue On Fail tests.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { renderCaptchaPng } from '../sandbox';
import { binaryItem, fakeImage, PROXY_FIELDS, PROXY_PARAMETERS, USER_AGENT } from './harness';

export interface BodyCase {
	/** Test title. */
	title: string;
	taskType: string;
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	/** The `task` object the docs' example would send for this input. */
	expected: IDataObject;
	/** The sandbox variant the task must resolve to (Turnstile modes, GeeTest versions, Amazon sets). */
	variant?: string;
	/** The main answer, read independently of the node from the sandbox's solution. */
	token: (solution: IDataObject) => unknown;
}

export const field = (name: string) => (solution: IDataObject) => solution[name];
export const data = (name: string) => (solution: IDataObject) =>
	(solution.data as IDataObject)[name];

/** All cookies of a `domains` / `Domains` solution as a Cookie header, attributes dropped. */
export function cookieString(solution: IDataObject): string {
	const domains = (solution.domains ?? solution.Domains) as Record<string, IDataObject>;
	return Object.values(domains)
		.flatMap((domain) =>
			Object.entries((domain.cookies ?? domain.Cookies) as Record<string, string>).map(
				([name, value]) => `${name}=${value.split(';')[0].trim()}`,
			),
		)
		.join('; ');
}

const SITE = 'https://lessons.zennolab.com/captchas/recaptcha/v2_simple.php?level=high';
const RECAPTCHA_KEY = '6Lcg7CMUAAAAANphynKgn9YAgA4tQ2KI_iqRyTwd';
const TURNSTILE_KEY = '0x4AAAAAAADnPIDROrmt1Wwj';
export const JUST_A_MOMENT = Buffer.from(
	'<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>',
).toString('base64');
const WAITING_ROOM = Buffer.from(
	'<!DOCTYPE html><html><head><title>Waiting Room powered by Cloudflare</title></head><body>You are now in line.</body></html>',
).toString('base64');
const TSPD_PAGE = Buffer.from(
	'<!DOCTYPE html><html><head><meta http-equiv="Pragma" content="no-cache"/><script src="/TSPD/08a1?type=9"></script></head><body></body></html>',
).toString('base64');
const GRID_IMAGE = fakeImage(1800, 7);

export const BODY_CASES: BodyCase[] = [
	// ---- reCAPTCHA ------------------------------------------------------------------------
	{
		title: 'reCAPTCHA v2 through a proxy',
		taskType: 'recaptchaV2',
		parameters: { websiteURL: SITE, websiteKey: RECAPTCHA_KEY, ...PROXY_PARAMETERS },
		expected: {
			type: 'RecaptchaV2Task',
			websiteURL: SITE,
			websiteKey: RECAPTCHA_KEY,
			...PROXY_FIELDS,
		},
		token: field('gRecaptchaResponse'),
	},
	{
		title: 'reCAPTCHA v2 with every optional field and nocache',
		taskType: 'recaptchaV2',
		parameters: {
			websiteURL: SITE,
			websiteKey: RECAPTCHA_KEY,
			additionalFields: {
				isInvisible: true,
				recaptchaDataSValue: 'Wv1xTqS3K6f0m6dZbY0fKg',
				userAgent: USER_AGENT,
				cookies: 'session=abc; lang=en',
				noCache: true,
			},
		},
		expected: {
			type: 'RecaptchaV2Task',
			websiteURL: SITE,
			websiteKey: RECAPTCHA_KEY,
			isInvisible: true,
			recaptchaDataSValue: 'Wv1xTqS3K6f0m6dZbY0fKg',
			userAgent: USER_AGENT,
			cookies: 'session=abc; lang=en',
			nocache: true,
		},
		token: field('gRecaptchaResponse'),
	},
	{
		title: 'reCAPTCHA v2 Enterprise with payload object, API domain and proxy',
		taskType: 'recaptchaV2Enterprise',
		parameters: {
			websiteURL: 'https://mydomain.com/page-with-recaptcha-enterprise',
			websiteKey: RECAPTCHA_KEY,
			...PROXY_PARAMETERS,
			additionalFields: {
				enterprisePayload: '{"s": "SOME_ADDITIONAL_TOKEN"}',
				apiDomain: 'www.recaptcha.net',
				pageAction: 'login_test',
				userAgent: USER_AGENT,
				cookies: 'a=1; b=2',
			},
		},
		expected: {
			type: 'RecaptchaV2EnterpriseTask',
			websiteURL: 'https://mydomain.com/page-with-recaptcha-enterprise',
			websiteKey: RECAPTCHA_KEY,
			enterprisePayload: { s: 'SOME_ADDITIONAL_TOKEN' },
			apiDomain: 'www.recaptcha.net',
			pageAction: 'login_test',
			userAgent: USER_AGENT,
			cookies: 'a=1; b=2',
			...PROXY_FIELDS,
		},
		token: field('gRecaptchaResponse'),
	},
	{
		title: 'reCAPTCHA v3 with min score, action and enterprise flag',
		taskType: 'recaptchaV3',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: '6Le0xVgUAAAAAIt20XEB4rVhYOODgTl00d4TuRTE',
			additionalFields: { minScore: 0.7, pageAction: 'login', isEnterprise: true },
		},
		expected: {
			type: 'RecaptchaV3TaskProxyless',
			websiteURL: 'https://example.com',
			websiteKey: '6Le0xVgUAAAAAIt20XEB4rVhYOODgTl00d4TuRTE',
			minScore: 0.7,
			pageAction: 'login',
			isEnterprise: true,
		},
		token: field('gRecaptchaResponse'),
	},
	{
		title: 'reCAPTCHA v3 Enterprise',
		taskType: 'recaptchaV3Enterprise',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: '6Le0xVgUAAAAAIt20XEB4rVhYOODgTl00d4TuRTE',
			additionalFields: { minScore: 0.7, pageAction: 'checkout' },
		},
		expected: {
			type: 'RecaptchaV3EnterpriseTask',
			websiteURL: 'https://example.com',
			websiteKey: '6Le0xVgUAAAAAIt20XEB4rVhYOODgTl00d4TuRTE',
			minScore: 0.7,
			pageAction: 'checkout',
		},
		token: field('gRecaptchaResponse'),
	},
	{
		title: 'reCAPTCHA image grid from an image URL, with task and task definition',
		taskType: 'recaptchaClick',
		parameters: {
			imageSource: 'url',
			imageUrls: 'https://i.postimg.cc/yYjg75Kv/payloadtraffic.jpg',
			grid: '3x3',
			taskInstruction: 'Click on traffic lights',
			taskDefinition: '/m/015qff',
			additionalFields: {
				userAgent: USER_AGENT,
				websiteURL: 'https://lessons.zennolab.com/captchas/recaptcha/v2_simple.php?level=middle',
			},
		},
		expected: {
			type: 'ComplexImageTask',
			class: 'recaptcha',
			imageUrls: ['https://i.postimg.cc/yYjg75Kv/payloadtraffic.jpg'],
			metadata: { Task: 'Click on traffic lights', Grid: '3x3', TaskDefinition: '/m/015qff' },
			userAgent: USER_AGENT,
			websiteURL: 'https://lessons.zennolab.com/captchas/recaptcha/v2_simple.php?level=middle',
		},
		token: field('answer'),
	},
	{
		title: 'reCAPTCHA image grid 4x4 from a binary property, task definition only',
		taskType: 'recaptchaClick',
		parameters: { imageSource: 'binary', grid: '4x4', taskDefinition: '/m/0k4j' },
		items: [binaryItem(GRID_IMAGE)],
		expected: {
			type: 'ComplexImageTask',
			class: 'recaptcha',
			imagesBase64: [GRID_IMAGE],
			metadata: { Grid: '4x4', TaskDefinition: '/m/0k4j' },
		},
		token: field('answer'),
	},
	// ---- images ---------------------------------------------------------------------------
	{
		title: 'Image to Text with module, threshold, case, digits and math',
		taskType: 'imageToText',
		parameters: {
			imageSource: 'base64',
			imageBase64: renderCaptchaPng('4821').toString('base64'),
			additionalFields: {
				capMonsterModule: 'universal',
				recognizingThreshold: 70,
				case: true,
				numeric: true,
				math: false,
			},
		},
		expected: {
			type: 'ImageToTextTask',
			body: renderCaptchaPng('4821').toString('base64'),
			capMonsterModule: 'universal',
			recognizingThreshold: 70,
			case: true,
			numeric: 1,
			math: false,
		},
		token: () => '4821',
	},
	{
		title: 'Image recognition oocl_rotate_new from two binary properties',
		taskType: 'imageRecognition',
		parameters: {
			imageSource: 'binary',
			binaryPropertyName: 'background, circle',
			recognitionTask: 'oocl_rotate_new',
		},
		items: [
			{
				json: {},
				binary: {
					background: { data: fakeImage(900, 1), mimeType: 'image/png', fileName: 'bg.png' },
					circle: { data: fakeImage(400, 2), mimeType: 'image/png', fileName: 'circle.png' },
				},
			},
		],
		expected: {
			type: 'ComplexImageTask',
			class: 'recognition',
			imagesBase64: [fakeImage(900, 1), fakeImage(400, 2)],
			metadata: { Task: 'oocl_rotate_new' },
		},
		token: field('answer'),
	},
	{
		title: 'Image recognition bls_3x3: nine images, one per line, with the task argument',
		taskType: 'imageRecognition',
		parameters: {
			imageSource: 'base64',
			imageBase64: Array.from({ length: 9 }, (_, i) => fakeImage(300, i + 10)).join('\n'),
			recognitionTask: 'bls_3x3',
			taskArgument: '546',
		},
		expected: {
			type: 'ComplexImageTask',
			class: 'recognition',
			imagesBase64: Array.from({ length: 9 }, (_, i) => fakeImage(300, i + 10)),
			metadata: { Task: 'bls_3x3', TaskArgument: '546' },
		},
		token: field('answer'),
	},
	{
		title: 'Image recognition bills_audio with payload type Audio',
		taskType: 'imageRecognition',
		parameters: {
			imageSource: 'base64',
			imageBase64: fakeImage(4000, 3),
			recognitionTask: 'bills_audio',
			payloadType: 'Audio',
		},
		expected: {
			type: 'ComplexImageTask',
			class: 'recognition',
			imagesBase64: [fakeImage(4000, 3)],
			metadata: { Task: 'bills_audio', PayloadType: 'Audio' },
		},
		token: field('answer'),
	},
	// ---- Cloudflare -----------------------------------------------------------------------
	{
		title: 'Cloudflare Turnstile widget with action, cData and proxy',
		taskType: 'turnstile',
		parameters: {
			websiteURL: 'http://tsmanaged.zlsupport.com',
			websiteKey: '0x4AAAAAAABUYP0XeMJF0xoy',
			...PROXY_PARAMETERS,
			additionalFields: { pageAction: 'login', data: '874291f4retD1366' },
		},
		expected: {
			type: 'TurnstileTask',
			websiteURL: 'http://tsmanaged.zlsupport.com',
			websiteKey: '0x4AAAAAAABUYP0XeMJF0xoy',
			pageAction: 'login',
			data: '874291f4retD1366',
			...PROXY_FIELDS,
		},
		variant: 'turnstile',
		token: field('token'),
	},
	{
		title: 'Cloudflare challenge, token mode',
		taskType: 'turnstileChallengeToken',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: TURNSTILE_KEY,
			pageAction: 'managed',
			userAgent: USER_AGENT,
			data: '874291f4retD1366',
			pageData: 'HUHDWUHuhuwfiweh32..uh2uhuhyugYUG=',
			additionalFields: {
				apiJsUrl:
					'https://challenges.cloudflare.com/turnstile/v0/api.js?onload=onloadTurnstileCallback',
			},
		},
		expected: {
			type: 'TurnstileTask',
			websiteURL: 'https://example.com',
			websiteKey: TURNSTILE_KEY,
			cloudflareTaskType: 'token',
			userAgent: USER_AGENT,
			pageAction: 'managed',
			pageData: 'HUHDWUHuhuwfiweh32..uh2uhuhyugYUG=',
			data: '874291f4retD1366',
			apiJsUrl:
				'https://challenges.cloudflare.com/turnstile/v0/api.js?onload=onloadTurnstileCallback',
		},
		variant: 'token',
		token: field('token'),
	},
	{
		title: 'Cloudflare challenge, cf_clearance cookie mode (proxy required)',
		taskType: 'turnstileChallengeCookie',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: 'xxxxxxxxxx',
			// Pasted base64 may be wrapped over several lines.
			htmlPageBase64: JUST_A_MOMENT.replace(/(.{40})/g, '$1\n'),
			userAgent: USER_AGENT,
			...PROXY_PARAMETERS,
		},
		expected: {
			type: 'TurnstileTask',
			websiteURL: 'https://example.com',
			websiteKey: 'xxxxxxxxxx',
			cloudflareTaskType: 'cf_clearance',
			htmlPageBase64: JUST_A_MOMENT,
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		variant: 'cf_clearance',
		token: field('cf_clearance'),
	},
	{
		title: 'Cloudflare Waiting Room (proxy required)',
		taskType: 'turnstileWaitingRoom',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: 'xxxxxxxxxx',
			htmlPageBase64: WAITING_ROOM,
			userAgent: USER_AGENT,
			...PROXY_PARAMETERS,
		},
		expected: {
			type: 'TurnstileTask',
			websiteURL: 'https://example.com',
			websiteKey: 'xxxxxxxxxx',
			cloudflareTaskType: 'wait_room',
			htmlPageBase64: WAITING_ROOM,
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		variant: 'wait_room',
		token: field('cf_clearance'),
	},
	// ---- GeeTest --------------------------------------------------------------------------
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
	// ---- other widgets ---------------------------------------------------------------------
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
	// ---- Amazon ---------------------------------------------------------------------------
	{
		title: 'Amazon AWS WAF, jsapi.js field set (voucher answer)',
		taskType: 'amazonWaf',
		parameters: {
			websiteURL: 'https://example.com/index.html',
			websiteKey: 'h15hX7brbaRTR...Za1_1',
			captchaScript: 'https://234324vgvc23.yejk.captcha-sdk.awswaf.com/234324vgvc23/jsapi.js',
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'AmazonTask',
			websiteURL: 'https://example.com/index.html',
			websiteKey: 'h15hX7brbaRTR...Za1_1',
			captchaScript: 'https://234324vgvc23.yejk.captcha-sdk.awswaf.com/234324vgvc23/jsapi.js',
			cookieSolution: false,
			userAgent: USER_AGENT,
		},
		variant: 'jsapi',
		token: (solution) => ({
			captcha_voucher: solution.captcha_voucher,
			existing_token: solution.existing_token,
		}),
	},
	{
		title: 'Amazon AWS WAF, challenge page field set with cookie solution',
		taskType: 'amazonWafChallenge',
		parameters: {
			websiteURL: 'https://example.com',
			challengeScript:
				'https://41bcdd4fb3cb.610cd090.us-east-1.token.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/challenge.js',
			websiteKey: 'AQIDA...wZwdADFLWk7XOA==',
			context: 'qoJYgnKsc...aormh/dYYK+Y=',
			iv: 'CgAAXFFFFSAAABVk',
			cookieSolution: true,
			...PROXY_PARAMETERS,
			additionalFields: {
				captchaScript:
					'https://41bcdd4fb3cb.610cd090.us-east-1.captcha.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/captcha.js',
			},
		},
		expected: {
			type: 'AmazonTask',
			websiteURL: 'https://example.com',
			challengeScript:
				'https://41bcdd4fb3cb.610cd090.us-east-1.token.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/challenge.js',
			captchaScript:
				'https://41bcdd4fb3cb.610cd090.us-east-1.captcha.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/captcha.js',
			websiteKey: 'AQIDA...wZwdADFLWk7XOA==',
			context: 'qoJYgnKsc...aormh/dYYK+Y=',
			iv: 'CgAAXFFFFSAAABVk',
			cookieSolution: true,
			...PROXY_FIELDS,
		},
		variant: 'challenge-page',
		token: (solution) => (solution.cookies as IDataObject)['aws-waf-token'],
	},
	{
		title: 'Amazon AWS WAF, invisible challenge field set (empty placeholders)',
		taskType: 'amazonWafInvisible',
		parameters: {
			websiteURL: 'https://example.com',
			challengeScript:
				'https://41bcdd4fb3cb.610cd090.us-east-1.token.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/challenge.js',
		},
		expected: {
			type: 'AmazonTask',
			websiteURL: 'https://example.com',
			challengeScript:
				'https://41bcdd4fb3cb.610cd090.us-east-1.token.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/challenge.js',
			captchaScript: '',
			websiteKey: '',
			context: '',
			iv: '',
			cookieSolution: true,
		},
		variant: 'challenge-only',
		token: (solution) => (solution.cookies as IDataObject)['aws-waf-token'],
	},
	// ---- CustomTask classes ------------------------------------------------------------------
	{
		title: 'DataDome (CustomTask, proxy required, new method)',
		taskType: 'dataDome',
		parameters: {
			websiteURL: 'https://example.com',
			captchaUrl:
				'https://geo.captcha-delivery.com/interstitial/?initialCid=AHrlqAAAAAMA9UvsL58YLqIAXNLFPg%3D%3D&hash=C0705ACD75EBF650A07FF8291D3528&cid=7sfa5xUfDrR4bQTp1c2mhtiD7jj9TXExcQ&referer=https%3A%2F%2Fwww.example.com.au%2F&s=6522&b=978936&dm=cm',
			datadomeCookie: 'datadome=VYUWrgJ9ap4zmXq8Mgbp...64emvUPeON45z',
			...PROXY_PARAMETERS,
			additionalFields: { datadomeVersion: 'new', userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'DataDome',
			websiteURL: 'https://example.com',
			userAgent: USER_AGENT,
			metadata: {
				captchaUrl:
					'https://geo.captcha-delivery.com/interstitial/?initialCid=AHrlqAAAAAMA9UvsL58YLqIAXNLFPg%3D%3D&hash=C0705ACD75EBF650A07FF8291D3528&cid=7sfa5xUfDrR4bQTp1c2mhtiD7jj9TXExcQ&referer=https%3A%2F%2Fwww.example.com.au%2F&s=6522&b=978936&dm=cm',
				datadomeCookie: 'datadome=VYUWrgJ9ap4zmXq8Mgbp...64emvUPeON45z',
				datadomeVersion: 'new',
			},
			...PROXY_FIELDS,
		},
		token: cookieString,
	},
	{
		title: 'Imperva (CustomTask, proxy required) with reese84 endpoint',
		taskType: 'imperva',
		parameters: {
			websiteURL: 'https://example.com',
			incapsulaScriptUrl: '_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3',
			incapsulaCookies:
				'incap_ses_1166_2930313=br7iX33ZNCtf3HlpEXcuEDzz72cAAAAA0suDnBGrq/iA0J4oERYzjQ==; visid_incap_2930313=P3hgPVm9S8Oond1L0sXhZqfK72cAAAAAQUIPAAAAAABoMSY9xZ34RvRseJRiY6s+;',
			proxyInput: 'url',
			proxyUrl: 'http://proxyLoginHere:proxyPasswordHere@203.0.113.10:8080',
			additionalFields: {
				reese84UrlEndpoint: 'Built-with-the-For-hopence-Hurleysurfecting-the-',
				userAgent: USER_AGENT,
			},
		},
		expected: {
			type: 'CustomTask',
			class: 'Imperva',
			websiteURL: 'https://example.com',
			userAgent: USER_AGENT,
			metadata: {
				incapsulaScriptUrl: '_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3',
				incapsulaCookies:
					'incap_ses_1166_2930313=br7iX33ZNCtf3HlpEXcuEDzz72cAAAAA0suDnBGrq/iA0J4oERYzjQ==; visid_incap_2930313=P3hgPVm9S8Oond1L0sXhZqfK72cAAAAAQUIPAAAAAABoMSY9xZ34RvRseJRiY6s+;',
				reese84UrlEndpoint: 'Built-with-the-For-hopence-Hurleysurfecting-the-',
			},
			...PROXY_FIELDS,
		},
		token: cookieString,
	},
	{
		title: 'TenDI (CustomTask) with captcha script URL',
		taskType: 'tenDi',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: '189123456',
			additionalFields: {
				captchaUrl: 'https://global.captcha.example.com/TCaptcha-global.js',
				userAgent: USER_AGENT,
			},
		},
		expected: {
			type: 'CustomTask',
			class: 'TenDI',
			websiteURL: 'https://example.com',
			websiteKey: '189123456',
			userAgent: USER_AGENT,
			metadata: { captchaUrl: 'https://global.captcha.example.com/TCaptcha-global.js' },
		},
		token: (solution) => solution.data,
	},
	{
		title: 'Basilisk (CustomTask)',
		taskType: 'basilisk',
		parameters: {
			websiteURL: 'https://domain.io/account/register',
			websiteKey: 'b7890hre5cf2544b2759c19fb2600897',
			...PROXY_PARAMETERS,
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'Basilisk',
			websiteURL: 'https://domain.io/account/register',
			websiteKey: 'b7890hre5cf2544b2759c19fb2600897',
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		token: data('captcha_response'),
	},
	{
		title: 'Altcha (CustomTask) sends an empty website key',
		taskType: 'altcha',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: '',
			challenge: '3dd28253be6cc0c54d95f7f98c517e68744597cc6e66109619d1ac975c39181c',
			iterations: '5000',
			salt: '46d5b1c8871e5152d902ee3f?edk=1493462145de1ce33a52fb569b27a364&codeChallenge=464Cjs7PbiJJhJZ_ReJ-y9UGGDndcpsnP6vS8x1nEJyTkhjQkJyL2jcnYEuMKcrG&expires=1761048664',
			signature: '4b1cf0e0be0f4e5247e50b0f9a449830f1fbca44c32ff94bc080146815f31a18',
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'altcha',
			websiteURL: 'https://example.com',
			websiteKey: '',
			userAgent: USER_AGENT,
			metadata: {
				challenge: '3dd28253be6cc0c54d95f7f98c517e68744597cc6e66109619d1ac975c39181c',
				iterations: '5000',
				salt: '46d5b1c8871e5152d902ee3f?edk=1493462145de1ce33a52fb569b27a364&codeChallenge=464Cjs7PbiJJhJZ_ReJ-y9UGGDndcpsnP6vS8x1nEJyTkhjQkJyL2jcnYEuMKcrG&expires=1761048664',
				signature: '4b1cf0e0be0f4e5247e50b0f9a449830f1fbca44c32ff94bc080146815f31a18',
			},
		},
		token: data('token'),
	},
	{
		title: 'Castle (CustomTask) with a token count',
		taskType: 'castle',
		parameters: {
			websiteURL: 'https://www.example.com/',
			websiteKey: 'pk_1Tk5Yzr1WFzxrJCh7WzMZzY1rHpaOtdK',
			wUrl: 'https://s.rsg.sc/auth/js/20251234bgef/build/cw.js',
			swUrl: 'https://s.rsg.sc/auth/js/20251234bgef/build/csw.js',
			additionalFields: { count: 3, userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'Castle',
			websiteURL: 'https://www.example.com/',
			websiteKey: 'pk_1Tk5Yzr1WFzxrJCh7WzMZzY1rHpaOtdK',
			userAgent: USER_AGENT,
			metadata: {
				wUrl: 'https://s.rsg.sc/auth/js/20251234bgef/build/cw.js',
				swUrl: 'https://s.rsg.sc/auth/js/20251234bgef/build/csw.js',
				count: 3,
			},
		},
		token: data('tokens'),
	},
	{
		title: 'TSPD (CustomTask, proxy required)',
		taskType: 'tspd',
		parameters: {
			websiteURL: 'https://example.com',
			tspdCookie: 'TS386a400d029=08267062; TS386a400d078=0826706b; TSd2153684027=08267ac4',
			htmlPageBase64: TSPD_PAGE,
			userAgent: USER_AGENT,
			...PROXY_PARAMETERS,
		},
		expected: {
			type: 'CustomTask',
			class: 'tspd',
			websiteURL: 'https://example.com',
			metadata: {
				tspdCookie: 'TS386a400d029=08267062; TS386a400d078=0826706b; TSd2153684027=08267ac4',
				htmlPageBase64: TSPD_PAGE,
			},
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		token: cookieString,
	},
	{
		title: 'HUNT (CustomTask, proxy required), fingerprint mode',
		taskType: 'hunt',
		parameters: {
			websiteURL: 'https://example.com',
			apiGetLib:
				'https://example.com/hd-api/external/apps/a2157wab1045d68672a63557e0n2a77edbfd15ea/api.js',
			...PROXY_PARAMETERS,
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'HUNT',
			websiteURL: 'https://example.com',
			metadata: {
				apiGetLib:
					'https://example.com/hd-api/external/apps/a2157wab1045d68672a63557e0n2a77edbfd15ea/api.js',
			},
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		token: data('token'),
	},
	{
		title: 'HUNT (CustomTask), captcha mode with the meta token',
		taskType: 'hunt',
		parameters: {
			websiteURL: 'https://example.com',
			apiGetLib:
				'https://example.com/hd-api/external/apps/a2157wab1045d68672a63557e0n2a77edbfd15ea/api.js',
			...PROXY_PARAMETERS,
			additionalFields: { data: 'kufyHK/s/jTNU...AfwIW' },
		},
		expected: {
			type: 'CustomTask',
			class: 'HUNT',
			websiteURL: 'https://example.com',
			metadata: {
				apiGetLib:
					'https://example.com/hd-api/external/apps/a2157wab1045d68672a63557e0n2a77edbfd15ea/api.js',
				data: 'kufyHK/s/jTNU...AfwIW',
			},
			...PROXY_FIELDS,
		},
		token: data('token'),
	},
	{
		title: 'Alibaba (CustomTask)',
		taskType: 'alibaba',
		parameters: {
			websiteURL: 'https://www.example.com',
			sceneId: '1ww7426c4',
			prefix: 'dlw3kug',
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'alibaba',
			websiteURL: 'https://www.example.com',
			userAgent: USER_AGENT,
			metadata: { sceneId: '1ww7426c4', prefix: 'dlw3kug' },
		},
		token: data('tokens'),
	},
	{
		title: 'Friendly Captcha (CustomTask)',
		taskType: 'friendlyCaptcha',
		parameters: {
			websiteURL: 'https://example.com/signup',
			websiteKey: 'FCMGEMUD2KTDSQ5H',
			apiGetLib: 'https://cdn.jsdelivr.net/npm/friendly-challenge@0.9.12/widget.module.min.js',
		},
		expected: {
			type: 'CustomTask',
			class: 'friendly',
			websiteURL: 'https://example.com/signup',
			websiteKey: 'FCMGEMUD2KTDSQ5H',
			metadata: {
				apiGetLib: 'https://cdn.jsdelivr.net/npm/friendly-challenge@0.9.12/widget.module.min.js',
			},
		},
		token: data('token'),
	},
	{
		title: 'Temu (CustomTask, not TemuTask)',
		taskType: 'temu',
		parameters: {
			websiteURL:
				'https://www.example.com/bgn_verification.html?verifyCode=7PRQIzDznoFE67ecZYtRTw394f6185143a4af80&from=https%3A%2F%2Fwww.example.com%2F',
			cookie:
				'region=141; language=en; currency=EUR; api_uid=CnBpI2fwFW2BogBITHVYAg==; _nano_fp=XpmYXqmJnqX8npXblT_T6~7rkpA2LDnz2BPFuT5m; verifyAuthToken=QkZmx2TJFbSuuRVD_MKJmA0b84fe3df183da8ab',
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'Temu',
			websiteURL:
				'https://www.example.com/bgn_verification.html?verifyCode=7PRQIzDznoFE67ecZYtRTw394f6185143a4af80&from=https%3A%2F%2Fwww.example.com%2F',
			userAgent: USER_AGENT,
			metadata: {
				cookie:
					'region=141; language=en; currency=EUR; api_uid=CnBpI2fwFW2BogBITHVYAg==; _nano_fp=XpmYXqmJnqX8npXblT_T6~7rkpA2LDnz2BPFuT5m; verifyAuthToken=QkZmx2TJFbSuuRVD_MKJmA0b84fe3df183da8ab',
			},
		},
		token: cookieString,
	},
	// ---- raw JSON ---------------------------------------------------------------------------
	{
		title: 'Custom (Raw JSON) is sent as given',
		taskType: 'customJson',
		parameters: {
			taskJson:
				'{"type": "ProsopoTask", "websiteURL": "https://www.example.com", "websiteKey": "5EZU3LG31uzq1Mwi8inwqxmfvFDpj7VzwDnZwj4Q3syyxBwV"}',
		},
		expected: {
			type: 'ProsopoTask',
			websiteURL: 'https://www.example.com',
			websiteKey: '5EZU3LG31uzq1Mwi8inwqxmfvFDpj7VzwDnZwj4Q3syyxBwV',
		},
		token: field('token'),
	},
];

/** The first body case of a Task Type: valid input to start validation cases from. */
export function validCase(taskType: string): BodyCase {
	const found = BODY_CASES.find((testCase) => testCase.taskType === taskType);
	if (!found) throw new Error(`No body case for ${taskType}`);
	return found;
}
