/** Tests of the sandbox: Every declared task type solves, with a sample task each (taskTypes.ts). */

import { DEFAULT_USER_AGENT, TASK_TYPES } from './index';
import type { Json } from './testing';
import {
	pngBase64,
	html,
	sandbox,
	proxy,
	createOk,
	result,
	solve,
	v2,
	useSandbox,
} from './testing';

useSandbox();

const SAMPLES: { name: string; task: Json; keys: string[]; check?: (solution: Json) => void }[] = [
	{ name: 'RecaptchaV2Task', task: v2(), keys: ['gRecaptchaResponse'] },
	{
		name: 'RecaptchaV2EnterpriseTask',
		task: {
			type: 'RecaptchaV2EnterpriseTask',
			websiteURL: 'https://a.com',
			websiteKey: 'k',
			pageAction: 'login',
			enterprisePayload: { s: 'abc' },
			apiDomain: 'www.recaptcha.net',
		},
		keys: ['gRecaptchaResponse'],
	},
	{
		name: 'RecaptchaV3TaskProxyless',
		task: {
			type: 'RecaptchaV3TaskProxyless',
			websiteURL: 'https://a.com',
			websiteKey: 'k',
			minScore: 0.7,
			pageAction: 'verify',
			isEnterprise: false,
		},
		keys: ['gRecaptchaResponse'],
	},
	{
		name: 'RecaptchaV3EnterpriseTask',
		task: {
			type: 'RecaptchaV3EnterpriseTask',
			websiteURL: 'https://a.com',
			websiteKey: 'k',
			minScore: 0.3,
		},
		keys: ['gRecaptchaResponse'],
	},
	{
		name: 'ImageToTextTask',
		task: {
			type: 'ImageToTextTask',
			body: pngBase64,
			capMonsterModule: 'universal',
			recognizingThreshold: 70,
			case: true,
			numeric: 0,
			math: false,
		},
		keys: ['text'],
		check: (solution) => expect(solution.text).toBe('SANDBOX'),
	},
	{
		name: 'ComplexImageTask/recaptcha',
		task: {
			type: 'ComplexImageTask',
			class: 'recaptcha',
			imageUrls: ['https://a.com/grid.jpg'],
			metadata: { Grid: '4x4', TaskDefinition: '/m/015qff' },
			userAgent: DEFAULT_USER_AGENT,
			websiteURL: 'https://a.com',
		},
		keys: ['answer'],
		check: (solution) => {
			expect(solution.answer).toHaveLength(16);
			expect((solution.answer as unknown[]).every((cell) => typeof cell === 'boolean')).toBe(true);
		},
	},
	{
		name: 'ComplexImageTask/recognition',
		task: {
			type: 'ComplexImageTask',
			class: 'recognition',
			imagesBase64: Array.from({ length: 9 }, () => pngBase64),
			metadata: { Task: 'betpunch_3x3_rotate' },
		},
		keys: ['answer', 'metadata'],
		check: (solution) => {
			expect(solution.metadata).toEqual({ AnswerType: 'NumericArray' });
			expect(solution.answer).toHaveLength(9);
		},
	},
	{
		name: 'TurnstileTask/turnstile',
		task: {
			type: 'TurnstileTask',
			websiteURL: 'https://a.com',
			websiteKey: '0x4AAA',
			pageAction: 'login',
			data: 'cdata',
		},
		keys: ['token', 'userAgent'],
	},
	{
		name: 'TurnstileTask/token',
		task: {
			type: 'TurnstileTask',
			websiteURL: 'https://a.com',
			websiteKey: '0x4AAA',
			cloudflareTaskType: 'token',
			pageAction: 'managed',
			userAgent: 'UA/1',
			data: 'cdata',
			pageData: 'chl',
			apiJsUrl: 'https://challenges.cloudflare.com/turnstile/v0/api.js',
		},
		keys: ['token', 'userAgent'],
		check: (solution) => expect(solution.userAgent).toBe('UA/1'),
	},
	{
		name: 'TurnstileTask/cf_clearance',
		task: {
			type: 'TurnstileTask',
			websiteURL: 'https://a.com',
			websiteKey: 'x',
			cloudflareTaskType: 'cf_clearance',
			htmlPageBase64: html('Just a moment...'),
			userAgent: DEFAULT_USER_AGENT,
			...proxy,
		},
		keys: ['cf_clearance'],
	},
	{
		name: 'TurnstileTask/wait_room',
		task: {
			type: 'TurnstileTask',
			websiteURL: 'https://a.com',
			websiteKey: 'x',
			cloudflareTaskType: 'wait_room',
			htmlPageBase64: html('Waiting Room powered by Cloudflare'),
			userAgent: DEFAULT_USER_AGENT,
			...proxy,
		},
		keys: ['cf_clearance'],
	},
	{
		name: 'GeeTestTask/v3',
		task: {
			type: 'GeeTestTask',
			websiteURL: 'https://a.com',
			gt: 'gt3',
			challenge: 'c'.repeat(32),
			geetestApiServerSubdomain: 'api-na.geetest.com',
		},
		keys: ['challenge', 'validate', 'seccode'],
	},
	{
		name: 'GeeTestTask/v4',
		task: {
			type: 'GeeTestTask',
			websiteURL: 'https://a.com',
			gt: 'gt4',
			version: 4,
			initParameters: { riskType: 'slide' },
		},
		keys: ['captcha_id', 'lot_number', 'pass_token', 'gen_time', 'captcha_output'],
		check: (solution) => expect(solution.captcha_id).toBe('gt4'),
	},
	{
		name: 'FunCaptchaTask',
		task: {
			type: 'FunCaptchaTask',
			websiteURL: 'https://a.com',
			websitePublicKey: 'EX72CCFB',
			data: '{"blob":"x"}',
			funcaptchaApiJSSubdomain: 'client-api.arkoselabs.com',
		},
		keys: ['token', 'userAgent'],
	},
	{
		name: 'AmazonTask/jsapi',
		task: {
			type: 'AmazonTask',
			websiteURL: 'https://a.com',
			websiteKey: 'k',
			captchaScript: 'https://a.com/jsapi.js',
		},
		keys: ['captcha_voucher', 'existing_token'],
	},
	{
		name: 'AmazonTask/challenge-page',
		task: {
			type: 'AmazonTask',
			websiteURL: 'https://a.com',
			websiteKey: 'k',
			challengeScript: 'https://a.com/challenge.js',
			context: 'ctx',
			iv: 'iv',
			cookieSolution: true,
		},
		keys: ['cookies', 'userAgent'],
		check: (solution) => expect(Object.keys(solution.cookies as Json)).toEqual(['aws-waf-token']),
	},
	{
		name: 'AmazonTask/challenge-only',
		task: {
			type: 'AmazonTask',
			websiteURL: 'https://a.com',
			challengeScript: 'https://a.com/challenge.js',
			captchaScript: '',
			websiteKey: '',
			context: '',
			iv: '',
			cookieSolution: true,
		},
		keys: ['cookies', 'userAgent'],
	},
	{
		name: 'BinanceTask',
		task: {
			type: 'BinanceTask',
			websiteURL: 'https://a.com',
			websiteKey: 'login',
			validateId: 'v',
		},
		keys: ['token', 'userAgent'],
	},
	{
		name: 'ProsopoTask',
		task: { type: 'ProsopoTask', websiteURL: 'https://a.com', websiteKey: '5E' },
		keys: ['token'],
	},
	{
		name: 'MTCaptchaTask',
		task: {
			type: 'MTCaptchaTask',
			websiteURL: 'https://a.com',
			websiteKey: 'MTPublic-x',
			pageAction: 'login',
			isInvisible: false,
		},
		keys: ['token'],
	},
	{
		name: 'YidunTask',
		task: {
			type: 'YidunTask',
			websiteURL: 'https://a.com',
			websiteKey: 'k',
			yidunGetLib: 'https://a.com/load.min.js',
			yidunApiServerSubdomain: 'c.a.com',
			challenge: 'c',
			hcg: 'h',
			hct: 1700000000000,
		},
		keys: ['token'],
	},
	{
		name: 'CustomTask/DataDome',
		task: {
			type: 'CustomTask',
			class: 'DataDome',
			websiteURL: 'https://www.shop.com/p',
			metadata: {
				captchaUrl: 'https://geo.captcha-delivery.com/captcha/?x',
				datadomeCookie: 'datadome=abc',
				datadomeVersion: 'new',
			},
			...proxy,
		},
		keys: ['domains', 'url', 'fingerprint', 'headers', 'data'],
		check: (solution) => {
			expect(solution.domains).toEqual({
				'www.shop.com': { cookies: { datadome: expect.any(String) }, localStorage: null },
			});
			expect(solution.data).toBeNull();
		},
	},
	{
		name: 'CustomTask/Imperva',
		task: {
			type: 'CustomTask',
			class: 'Imperva',
			websiteURL: 'https://a.com',
			metadata: {
				incapsulaScriptUrl: '_Incapsula_Resource?SWJIYLWA=x',
				incapsulaCookies: 'visid_incap_1=x',
				reese84UrlEndpoint: 'Built-with-the-',
			},
			...proxy,
		},
		keys: ['domains'],
		check: (solution) =>
			expect(
				Object.keys(
					(solution.domains as Record<string, Json>)['https://a.com'].cookies as Json,
				).sort(),
			).toEqual(['___utmvc', 'reese84']),
	},
	{
		name: 'CustomTask/TenDI',
		task: {
			type: 'CustomTask',
			class: 'TenDI',
			websiteURL: 'https://a.com',
			websiteKey: '189',
			metadata: { captchaUrl: 'https://a.com/TCaptcha.js' },
		},
		keys: ['data', 'headers'],
		check: (solution) =>
			expect(Object.keys(solution.data as Json).sort()).toEqual(['randstr', 'ticket']),
	},
	{
		name: 'CustomTask/Basilisk',
		task: { type: 'CustomTask', class: 'Basilisk', websiteURL: 'https://a.com', websiteKey: 'k' },
		keys: ['data', 'headers'],
		check: (solution) => expect(solution.headers).toEqual({ 'User-Agent': DEFAULT_USER_AGENT }),
	},
	{
		name: 'CustomTask/altcha',
		task: {
			type: 'CustomTask',
			class: 'altcha',
			websiteURL: 'https://a.com',
			websiteKey: '',
			metadata: { challenge: 'c', iterations: '5000', salt: 's', signature: 'sig' },
		},
		keys: ['data'],
		check: (solution) =>
			expect(Object.keys(solution.data as Json).sort()).toEqual(['number', 'token']),
	},
	{
		name: 'CustomTask/Castle',
		task: {
			type: 'CustomTask',
			class: 'Castle',
			websiteURL: 'https://a.com',
			websiteKey: 'pk_x',
			metadata: { wUrl: 'https://a.com/cw.js', swUrl: 'https://a.com/csw.js', count: 3 },
		},
		keys: ['data', 'domains'],
		check: (solution) => expect((solution.data as Json).tokens).toHaveLength(3),
	},
	{
		name: 'CustomTask/tspd',
		task: {
			type: 'CustomTask',
			class: 'tspd',
			websiteURL: 'https://a.com/login',
			userAgent: DEFAULT_USER_AGENT,
			metadata: { tspdCookie: 'TS386a=1', htmlPageBase64: html('tspd') },
			...proxy,
		},
		keys: ['Domains'],
		check: (solution) =>
			expect(Object.keys((solution.Domains as Record<string, Json>)['a.com'])).toEqual(['Cookies']),
	},
	{
		name: 'CustomTask/HUNT',
		task: {
			type: 'CustomTask',
			class: 'HUNT',
			websiteURL: 'https://a.com',
			metadata: { apiGetLib: 'https://a.com/hd-api/external/apps/x/api.js', data: 'meta-token' },
			...proxy,
		},
		keys: ['data'],
	},
	{
		name: 'CustomTask/alibaba',
		task: {
			type: 'CustomTask',
			class: 'alibaba',
			websiteURL: 'https://a.com',
			metadata: { sceneId: 'scene1', prefix: 'abc', userId: 'u', region: 'cn' },
		},
		keys: ['data'],
		check: (solution) => {
			const tokens = (solution.data as Json).tokens;
			expect(typeof tokens).toBe('string');
			expect(Object.keys(JSON.parse(tokens as string) as Json).sort()).toEqual([
				'certifyId',
				'data',
				'deviceToken',
				'sceneId',
			]);
		},
	},
	{
		name: 'CustomTask/friendly',
		task: {
			type: 'CustomTask',
			class: 'friendly',
			websiteURL: 'https://a.com',
			websiteKey: 'FCM',
			metadata: { apiGetLib: 'https://a.com/widget.module.min.js' },
		},
		keys: ['data'],
	},
	{
		name: 'CustomTask/Temu',
		task: {
			type: 'CustomTask',
			class: 'Temu',
			websiteURL: 'https://www.temu.com/verify',
			metadata: { cookie: 'api_uid=x' },
		},
		keys: ['domains'],
		check: (solution) => expect(Object.keys(solution.domains as Json)).toEqual(['www.temu.com']),
	},
];

describe('task types', () => {
	it('has a sample for every declaration and variant', () => {
		const declared = TASK_TYPES.flatMap((declaration) => {
			const base = declaration.class
				? `${declaration.type}/${declaration.class}`
				: declaration.type;
			return declaration.variants
				? declaration.variants.map((variant) => `${base}/${variant.name}`)
				: [base];
		});
		expect(SAMPLES.map((sample) => sample.name).sort()).toEqual(declared.sort());
	});

	it.each(SAMPLES.map((sample) => [sample.name, sample] as const))(
		'%s: accepted without warnings, solution shaped like the vendor example',
		async (_name, sample) => {
			const taskId = await createOk(sample.task);
			expect(sandbox.tasks.get(taskId)!.warnings).toEqual([]);
			const response = await result(taskId);
			expect(response).toMatchObject({ errorId: 0, status: 'ready' });
			const solution = response.solution as Json;
			expect(Object.keys(solution).sort()).toEqual([...sample.keys].sort());
			sample.check?.(solution);
		},
	);

	it('returns 9, 16 and 1 cells for reCAPTCHA grids', async () => {
		for (const [grid, cells] of [
			['3x3', 9],
			['4x4', 16],
			['1x1', 1],
		] as const) {
			const solution = await solve({
				type: 'ComplexImageTask',
				class: 'recaptcha',
				imagesBase64: [pngBase64],
				metadata: { Grid: grid, Task: 'Click on buses' },
			});
			expect(solution.answer).toHaveLength(cells);
		}
	});
});
