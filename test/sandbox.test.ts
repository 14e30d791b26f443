/**
 * Tests of the local CapMonster Cloud sandbox itself, over real HTTP. The sandbox is what every
 * other test, benchmark and demo trusts, so its contract is pinned down here.
 */
import axios, { type AxiosInstance } from 'axios';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Sandbox, SandboxOptions } from './sandbox';
import {
	DEFAULT_USER_AGENT,
	TASK_TYPES,
	answerForImage,
	renderCaptchaPng,
	startSandbox,
} from './sandbox';

type Json = Record<string, unknown>;

const KEY = 'test-key';
const OTHER_KEY = 'other-key';
/** Fast settings for tests that are not about timing limits. */
const FAST: SandboxOptions = {
	keys: [KEY, OTHER_KEY],
	balance: 10,
	costPerTask: 0.0006,
	solveMs: 20,
	minPollGapMs: 0,
	maxPolls: 120,
	resultTtlMs: 300000,
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const png = renderCaptchaPng('SANDBOX');
const pngBase64 = png.toString('base64');
const proxy = {
	proxyType: 'http',
	proxyAddress: '203.0.113.10',
	proxyPort: 8080,
	proxyLogin: 'u',
	proxyPassword: 'p',
};
const html = (text: string): string =>
	Buffer.from(`<html><head><title>${text}</title></head></html>`).toString('base64');

let sandbox: Sandbox;
let api: AxiosInstance;

beforeAll(async () => {
	sandbox = await startSandbox(FAST);
	api = axios.create({ baseURL: sandbox.url, validateStatus: () => true, timeout: 5000 });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => {
	sandbox.configure(FAST);
	sandbox.reset();
});

async function call(method: string, body: unknown): Promise<Json> {
	const response = await api.post(`/${method}`, body);
	return response.data as Json;
}
async function create(task: Json, extra: Json = {}, clientKey = KEY): Promise<Json> {
	return call('createTask', { clientKey, task, ...extra });
}
async function createOk(task: Json, extra: Json = {}): Promise<number> {
	const response = await create(task, extra);
	expect(response).toEqual({ errorId: 0, taskId: expect.any(Number) });
	return response.taskId as number;
}
/** Polls (with minPollGapMs 0) until the task is no longer processing. */
async function result(taskId: number, clientKey = KEY): Promise<Json> {
	for (let i = 0; i < 200; i++) {
		const response = await call('getTaskResult', { clientKey, taskId });
		if (response.status !== 'processing') return response;
		await sleep(10);
	}
	throw new Error(`task ${taskId} never finished`);
}
async function solve(task: Json): Promise<Json> {
	const response = await result(await createOk(task));
	expect(response).toMatchObject({ errorId: 0, status: 'ready' });
	return response.solution as Json;
}
const v2 = (extra: Json = {}): Json => ({
	type: 'RecaptchaV2Task',
	websiteURL: 'https://example.com/login',
	websiteKey: '6Le-site-key',
	...extra,
});

describe('JSON API basics', () => {
	it('creates a task, reports processing, then ready with solution, cost and metadata', async () => {
		sandbox.configure({ solveMs: 300 });
		const taskId = await createOk(v2());
		expect(Number.isInteger(taskId) && taskId >= 1000001).toBe(true);
		expect(await call('getTaskResult', { clientKey: KEY, taskId })).toEqual({
			errorId: 0,
			status: 'processing',
			errorCode: null,
			errorDescription: null,
		});
		await sleep(320);
		const ready = await call('getTaskResult', { clientKey: KEY, taskId });
		expect(ready).toMatchObject({
			errorId: 0,
			status: 'ready',
			solution: { gRecaptchaResponse: expect.any(String) },
			cost: 0.0006,
			ip: expect.any(String),
			createTime: expect.any(Number),
			endTime: expect.any(Number),
			solveCount: 1,
		});
		expect(((ready.solution as Json).gRecaptchaResponse as string).length).toBeGreaterThanOrEqual(
			500,
		);
		const task = sandbox.tasks.get(taskId)!;
		expect(task.readyAt).toBe(task.createdAt + 300);
		expect(task.polls).toHaveLength(2);
		expect(task.deliveredAt).toBe(task.polls[1]);
		expect(task.warnings).toEqual([]);
		expect(sandbox.getBalance(KEY)).toBeCloseTo(10 - 0.0006, 10);
	});

	it('issues consecutive integer ids from 1000001', async () => {
		const first = await createOk(v2());
		const second = await createOk(v2({ websiteKey: 'other' }));
		expect(second).toBe(first + 1);
		const fresh = await startSandbox({ keys: [KEY] });
		try {
			const response = await axios.post(`${fresh.url}/createTask`, { clientKey: KEY, task: v2() });
			expect(response.data).toEqual({ errorId: 0, taskId: 1000001 });
		} finally {
			await fresh.close();
		}
	});

	it('rejects missing and unknown keys with the exact service error', async () => {
		const expected = {
			errorId: 1,
			errorCode: 'ERROR_KEY_DOES_NOT_EXIST',
			errorDescription: 'Account authorization key not found in the system or has incorrect format',
			taskId: 0,
		};
		expect(await call('createTask', { task: v2() })).toEqual(expected);
		expect(await call('createTask', { clientKey: 'nope', task: v2() })).toEqual(expected);
		expect(await call('getBalance', { clientKey: 'nope__nocache' })).toEqual(expected);
		expect(await call('getTaskResult', { clientKey: '', taskId: 1 })).toEqual(expected);
	});

	it('accepts key suffixes and records how nocache arrived', async () => {
		const viaKey = await create(v2(), {}, `${KEY}__nocache__recognizingthreshold_70`);
		const viaField = await createOk(v2({ nocache: true }));
		const task = sandbox.tasks.get(viaKey.taskId as number)!;
		expect(task.key).toBe(KEY);
		expect(task.keyOptions).toEqual(['nocache', 'recognizingthreshold_70']);
		expect(task.nocache).toEqual({
			viaKeySuffix: true,
			viaTaskField: false,
			viaRuCaptchaParam: false,
		});
		expect(sandbox.tasks.get(viaField)!.nocache).toEqual({
			viaKeySuffix: false,
			viaTaskField: true,
			viaRuCaptchaParam: false,
		});
		expect(sandbox.tasks.get(viaField)!.warnings).toEqual([]);
		// Results of a suffixed key's task are readable with the plain key (same account).
		expect(await result(viaKey.taskId as number)).toMatchObject({ status: 'ready' });
	});

	it('answers unknown methods with ERROR_NO_SUCH_METHOD, tolerates trailing slashes and any content type', async () => {
		expect(await call('solveEverything', { clientKey: KEY })).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_NO_SUCH_METHOD',
		});
		expect((await api.post('/getBalance/', { clientKey: KEY })).data).toEqual({
			errorId: 0,
			balance: 10,
		});
		const textPlain = await api.post('/getBalance', JSON.stringify({ clientKey: KEY }), {
			headers: { 'content-type': 'text/plain' },
		});
		expect(textPlain.data).toEqual({ errorId: 0, balance: 10 });
	});

	it('serves the actual user agent as text/plain', async () => {
		const response = await api.get('/api/useragent/actual');
		expect(response.headers['content-type']).toMatch(/^text\/plain/);
		expect(response.data).toBe(DEFAULT_USER_AGENT);
		expect(DEFAULT_USER_AGENT).toMatch(/Windows NT 10\.0.*Chrome\/\d+/);
	});

	it('reserves the cost at creation, refunds failed tasks, refuses creation without funds', async () => {
		// Slow enough that the failing task cannot end (and be refunded) before the balance is read.
		sandbox.configure({ solveMs: 1000 });
		sandbox.setBalance(KEY, 0.0012);
		const ok = await createOk(v2());
		const failing = await createOk(v2({ websiteKey: 'sandbox:unsolvable' }));
		expect(sandbox.getBalance(KEY)).toBeCloseTo(0, 10);
		expect(await create(v2({ websiteKey: 'third' }))).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_ZERO_BALANCE',
			taskId: 0,
		});
		await result(ok);
		expect(await result(failing)).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
		});
		expect(sandbox.getBalance(KEY)).toBeCloseTo(0.0006, 10);
		expect(sandbox.tasks.get(failing)!.refunded).toBe(true);
		expect((await call('getBalance', { clientKey: KEY })).balance).toBeCloseTo(0.0006, 10);
	});
});

describe('createTask validation', () => {
	const expectError = async (
		task: unknown,
		errorCode: string,
		description?: RegExp,
	): Promise<void> => {
		const response = await call('createTask', { clientKey: KEY, task });
		expect(response).toMatchObject({ errorId: 1, errorCode, taskId: 0 });
		if (description) expect(response.errorDescription).toMatch(description);
	};

	it('rejects absent tasks and unsupported types', async () => {
		await expectError(undefined, 'ERROR_TASK_ABSENT');
		await expectError('RecaptchaV2Task', 'ERROR_TASK_ABSENT');
		await expectError([v2()], 'ERROR_TASK_ABSENT');
		await expectError({ type: 'NoSuchTask' }, 'ERROR_TASK_NOT_SUPPORTED');
		await expectError({ websiteURL: 'https://a.com' }, 'ERROR_TASK_NOT_SUPPORTED');
		await expectError(
			{ type: 'HCaptchaTask', websiteURL: 'https://a.com', websiteKey: 'k' },
			'ERROR_TASK_NOT_SUPPORTED',
		);
		await expectError(
			{ type: 'HCaptchaTaskProxyless', websiteURL: 'https://a.com', websiteKey: 'k' },
			'ERROR_TASK_NOT_SUPPORTED',
		);
		await expectError(
			{ type: 'CustomTask', class: 'NoSuchClass', websiteURL: 'https://a.com' },
			'ERROR_TASK_NOT_SUPPORTED',
		);
		expect(sandbox.stats().tasksCreated).toBe(0);
	});

	it('names the missing or empty required field', async () => {
		await expectError(v2({ websiteKey: undefined }), 'InputValidationError', /websiteKey/);
		await expectError(v2({ websiteKey: '' }), 'InputValidationError', /websiteKey/);
		await expectError(
			{
				type: 'CustomTask',
				class: 'DataDome',
				websiteURL: 'https://a.com',
				metadata: { datadomeCookie: 'datadome=x' },
				...proxy,
			},
			'InputValidationError',
			/metadata\.captchaUrl/,
		);
		await expectError(
			{ type: 'CustomTask', websiteURL: 'https://a.com' },
			'InputValidationError',
			/class/,
		);
		await expectError(
			{ type: 'ComplexImageTask', class: 'recaptcha', metadata: { Grid: '3x3', Task: 'bus' } },
			'InputValidationError',
			/imageUrls or imagesBase64/,
		);
		await expectError(
			{
				type: 'ComplexImageTask',
				class: 'recaptcha',
				imageUrls: ['https://a.com/i.png'],
				metadata: { Grid: '3x3' },
			},
			'InputValidationError',
			/metadata\.Task or metadata\.TaskDefinition/,
		);
	});

	it('rejects websiteURL that is not http(s)', async () => {
		await expectError(v2({ websiteURL: 'ftp://example.com' }), 'ERROR_RECAPTCHA_INVALID_DOMAIN');
		await expectError(v2({ websiteURL: 'example.com' }), 'ERROR_RECAPTCHA_INVALID_DOMAIN');
	});

	it('enforces proxy rules', async () => {
		const dataDome = {
			type: 'CustomTask',
			class: 'DataDome',
			websiteURL: 'https://a.com',
			metadata: {
				captchaUrl: 'https://geo.captcha-delivery.com/captcha/?x=1',
				datadomeCookie: 'datadome=abc',
			},
		};
		await expectError(dataDome, 'ERROR_PROXY_MISSING', /requires a proxy/);
		await expectError(
			{ ...dataDome, proxyType: 'http', proxyAddress: '203.0.113.1' },
			'ERROR_PROXY_MISSING',
			/proxyPort/,
		);
		await expectError(
			v2({ proxyAddress: '203.0.113.1', proxyPort: 8080 }),
			'ERROR_PROXY_MISSING',
			/proxyType/,
		);
		await expectError(v2({ ...proxy, proxyType: 'ftp' }), 'ERROR_PROXY_MISSING', /proxyType/);
		await expectError(v2({ ...proxy, proxyPort: 70000 }), 'ERROR_PROXY_MISSING', /proxyPort/);
		await expectError(v2({ ...proxy, proxyPort: 'abc' }), 'ERROR_PROXY_MISSING', /proxyPort/);
		const withProxy = await createOk({ ...dataDome, ...proxy });
		expect(sandbox.tasks.get(withProxy)!.warnings).toEqual([]);
		const socks = await createOk(v2({ ...proxy, proxyType: 'socks5' }));
		expect(sandbox.tasks.get(socks)!.warnings).toEqual([]);
	});

	it('checks image sizes (100 bytes .. 50 KB decoded)', async () => {
		await expectError(
			{ type: 'ImageToTextTask', body: Buffer.alloc(99, 1).toString('base64') },
			'ERROR_ZERO_CAPTCHA_FILESIZE',
		);
		await expectError(
			{ type: 'ImageToTextTask', body: Buffer.alloc(50 * 1024 + 1, 1).toString('base64') },
			'ERROR_TOO_BIG_CAPTCHA_FILESIZE',
		);
		await expectError(
			{ type: 'ImageToTextTask', body: 'not base64 !!' },
			'InputValidationError',
			/base64/,
		);
		await createOk({ type: 'ImageToTextTask', body: Buffer.alloc(100, 1).toString('base64') });
		await createOk({
			type: 'ImageToTextTask',
			body: Buffer.alloc(50 * 1024, 1).toString('base64'),
		});
		await expectError(
			{
				type: 'ComplexImageTask',
				class: 'recognition',
				imagesBase64: [pngBase64, Buffer.alloc(10).toString('base64')],
				metadata: { Task: 'oocl_rotate_new' },
			},
			'ERROR_ZERO_CAPTCHA_FILESIZE',
			/imagesBase64\[1\]/,
		);
	});

	it('checks ComplexImageTask image counts and grids', async () => {
		await expectError(
			{
				type: 'ComplexImageTask',
				class: 'recognition',
				imagesBase64: [pngBase64],
				metadata: { Task: 'oocl_rotate_new' },
			},
			'InputValidationError',
			/^Image count: 1, but the task supports: 2$/,
		);
		await expectError(
			{
				type: 'ComplexImageTask',
				class: 'recognition',
				imagesBase64: [pngBase64, pngBase64],
				metadata: { Task: 'bls_3x3', TaskArgument: '5' },
			},
			'InputValidationError',
			/^Image count: 2, but the task supports: 9$/,
		);
		await expectError(
			{
				type: 'ComplexImageTask',
				class: 'recaptcha',
				imageUrls: ['https://a.com/1.png', 'https://a.com/2.png'],
				metadata: { Grid: '3x3', Task: 'bus' },
			},
			'InputValidationError',
			/^Image count: 2, but the task supports: 1$/,
		);
		await expectError(
			{
				type: 'ComplexImageTask',
				class: 'recaptcha',
				imageUrls: ['https://a.com/1.png'],
				metadata: { Grid: '5x5', Task: 'bus' },
			},
			'InputValidationError',
			/Grid/,
		);
	});

	it('selects Turnstile, GeeTest and Amazon variants with their own required fields', async () => {
		const turnstile = { type: 'TurnstileTask', websiteURL: 'https://a.com', websiteKey: '0x4AAA' };
		await expectError(
			{
				...turnstile,
				cloudflareTaskType: 'token',
				pageAction: 'managed',
				userAgent: DEFAULT_USER_AGENT,
				data: 'cdata',
			},
			'InputValidationError',
			/pageData/,
		);
		await expectError(
			{
				...turnstile,
				cloudflareTaskType: 'cf_clearance',
				htmlPageBase64: html('Just a moment...'),
				userAgent: DEFAULT_USER_AGENT,
			},
			'ERROR_PROXY_MISSING',
		);
		await expectError(
			{ ...turnstile, cloudflareTaskType: 'cf_clearance', userAgent: DEFAULT_USER_AGENT, ...proxy },
			'InputValidationError',
			/htmlPageBase64/,
		);
		await expectError(
			{ ...turnstile, cloudflareTaskType: 'magic' },
			'InputValidationError',
			/cloudflareTaskType/,
		);
		const geetest = {
			type: 'GeeTestTask',
			websiteURL: 'https://a.com',
			gt: '81388ea1fc187e0c335c0a8907ff2625',
		};
		await expectError(geetest, 'InputValidationError', /challenge/);
		await expectError({ ...geetest, version: 5 }, 'InputValidationError', /version/);
		expect(sandbox.tasks.get(await createOk({ ...geetest, version: 4 }))!.variant).toBe('v4');
		const amazon = { type: 'AmazonTask', websiteURL: 'https://a.com' };
		await expectError(amazon, 'InputValidationError', /websiteKey/);
		await expectError({ ...amazon, websiteKey: 'k' }, 'InputValidationError', /captchaScript/);
		await expectError(
			{ ...amazon, challengeScript: 'https://a.com/challenge.js', websiteKey: 'k' },
			'InputValidationError',
			/captchaScript/,
		);
		const invisible = await createOk({
			...amazon,
			challengeScript: 'https://a.com/challenge.js',
			captchaScript: '',
			websiteKey: '',
			context: '',
			iv: '',
			cookieSolution: true,
		});
		expect(sandbox.tasks.get(invisible)!.variant).toBe('challenge-only');
		expect(sandbox.tasks.get(invisible)!.warnings).toEqual([]);
	});

	it('matches class names case-insensitively and accepts the legacy reCAPTCHA v2 names', async () => {
		const hunt = await createOk({
			type: 'CustomTask',
			class: 'hunt',
			websiteURL: 'https://a.com',
			metadata: { apiGetLib: 'https://a.com/hd-api/external/apps/x/api.js' },
			...proxy,
		});
		expect(sandbox.tasks.get(hunt)!).toMatchObject({ class: 'HUNT', warnings: [] });
		const altcha = await createOk({
			type: 'CustomTask',
			class: 'Altcha',
			websiteURL: 'https://a.com',
			websiteKey: '',
			metadata: { challenge: 'c', iterations: '5000', salt: 's?expires=1', signature: 'sig' },
		});
		expect(sandbox.tasks.get(altcha)!).toMatchObject({ class: 'altcha', warnings: [] });
		for (const type of ['NoCaptchaTask', 'NoCaptchaTaskProxyless', 'RecaptchaV2TaskProxyless']) {
			const id = await createOk(v2({ type }));
			expect(sandbox.tasks.get(id)!).toMatchObject({
				type,
				declaredType: 'RecaptchaV2Task',
				warnings: [],
			});
		}
		// The legacy proxyless names ran on the service's proxies only.
		const legacy = await createOk(v2({ type: 'NoCaptchaTaskProxyless', ...proxy }));
		expect(sandbox.tasks.get(legacy)!.warnings).toEqual(
			expect.arrayContaining([expect.stringMatching(/^proxyType: .*no proxy/)]),
		);
	});

	it('records precise, type-aware warnings for what the declaration does not know', async () => {
		const warningsOf = async (task: Json, extra: Json = {}): Promise<string[]> =>
			sandbox.tasks.get(await createOk(task, extra))!.warnings;
		expect(
			await warningsOf(
				v2({
					recaptchaDataSValue: 's',
					userAgent: DEFAULT_USER_AGENT,
					cookies: 'a=b',
					isInvisible: true,
					nocache: true,
					...proxy,
				}),
				{ softId: 0, callbackUrl: 'http://127.0.0.1:1/cb' },
			),
		).toEqual([]);
		expect(await warningsOf(v2({ sitekey: 'x' }))).toEqual([
			'sitekey: unknown field (string) for reCAPTCHA v2',
		]);
		expect(await warningsOf(v2({ websiteUrl: 'https://a.com', websiteURL: undefined }))).toEqual([
			"websiteUrl: matched 'websiteURL' case-insensitively; the documented spelling is 'websiteURL'",
		]);
		expect(await warningsOf(v2({ isInvisible: 'true' }))).toEqual([
			'isInvisible: should be boolean, got string',
		]);
		const v3 = { type: 'RecaptchaV3TaskProxyless', websiteURL: 'https://a.com', websiteKey: 'k' };
		expect(await warningsOf({ ...v3, minScore: '0.7' })).toEqual([
			'minScore: should be number, got string',
		]);
		expect(await warningsOf({ ...v3, minScore: 0.95 })).toEqual([
			expect.stringMatching(/^minScore: 0.95 is outside/),
		]);
		expect(await warningsOf({ ...v3, ...proxy })).toHaveLength(5);
		expect(
			await warningsOf({
				type: 'RecaptchaV2EnterpriseTask',
				websiteURL: 'https://a.com',
				websiteKey: 'k',
				enterprisePayload: '{"s":"x"}',
			}),
		).toEqual(['enterprisePayload: should be object, got string']);
		expect(
			await warningsOf({
				type: 'GeeTestTask',
				websiteURL: 'https://a.com',
				gt: 'g',
				version: 4,
				initParameters: 'x',
			}),
		).toEqual(['initParameters: should be object, got string']);
		expect(
			await warningsOf({ type: 'GeeTestTask', websiteURL: 'https://a.com', gt: 'g', version: '4' }),
		).toEqual(['version: should be integer, got string']);
		expect(
			await warningsOf({
				type: 'YidunTask',
				websiteURL: 'https://a.com',
				websiteKey: 'k',
				metadata: { hct: 1 },
			}),
		).toEqual(['metadata: unknown field (object) for Yidun (NetEase)']);
		expect(
			await warningsOf({
				type: 'CustomTask',
				class: 'TenDI',
				websiteURL: 'https://a.com',
				websiteKey: '1',
				metadata: { captchaUrl: 'https://a.com/TCaptcha.js', extra: 1 },
			}),
		).toEqual(['metadata.extra: unknown field (integer) for TenDI (Tencent)']);
		expect(await warningsOf(v2(), { appId: 5 })).toEqual([
			'appId: unknown createTask request field (integer)',
		]);
		expect(
			await warningsOf({ type: 'ImageToTextTask', body: `data:image/png;base64,${pngBase64}` }),
		).toEqual(['body: has a data: URL prefix; the documented format is plain base64']);
		expect(await warningsOf({ type: 'ImageToTextTask', body: pngBase64, numeric: true })).toEqual([
			'numeric: should be integer, got boolean',
		]);
	});
});

/**
 * A minimal valid task for every declaration (and variant), with the solution keys the vendor's
 * examples show. The first test fails if a declaration has no sample here.
 */
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

describe('polling limits', () => {
	it('refuses polls closer than minPollGapMs (measured between polls, not from creation)', async () => {
		sandbox.configure({ minPollGapMs: 200, solveMs: 10 });
		const taskId = await createOk(v2());
		expect(await call('getTaskResult', { clientKey: KEY, taskId })).toMatchObject({ errorId: 0 }); // first poll: immediately is fine
		expect(await call('getTaskResult', { clientKey: KEY, taskId })).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_TOO_MUCH_REQUESTS',
		});
		await sleep(220);
		expect(await call('getTaskResult', { clientKey: KEY, taskId })).toMatchObject({
			errorId: 0,
			status: 'ready',
		});
		const stats = sandbox.stats();
		expect(stats.pollViolations).toBe(1);
		expect(stats.maxPollsPerTask).toBe(3);
		expect(stats.minPollGapMs).toBeLessThan(200);
		expect(sandbox.tasks.get(taskId)!.refusedPolls).toBe(1);
	});

	it('refuses polls beyond maxPolls', async () => {
		sandbox.configure({ maxPolls: 3, solveMs: 100000 });
		const taskId = await createOk(v2());
		for (let i = 0; i < 3; i++)
			expect(await call('getTaskResult', { clientKey: KEY, taskId })).toMatchObject({
				status: 'processing',
			});
		expect(await call('getTaskResult', { clientKey: KEY, taskId })).toMatchObject({
			errorCode: 'ERROR_TOO_MUCH_REQUESTS',
		});
		expect(await call('getTaskResult', { clientKey: KEY, taskId })).toMatchObject({
			errorCode: 'ERROR_TOO_MUCH_REQUESTS',
		});
		expect(sandbox.stats()).toMatchObject({ pollViolations: 2, maxPollsPerTask: 5 });
	});

	it('reports minPollGapMs as Infinity until a task is polled twice', async () => {
		expect(sandbox.stats().minPollGapMs).toBe(Infinity);
		expect((await api.get('/__control/stats')).data.minPollGapMs).toBeNull();
	});

	it('answers ERROR_NO_SUCH_CAPCHA_ID for unknown ids, other keys and expired results', async () => {
		const taskId = await createOk(v2());
		expect(await call('getTaskResult', { clientKey: KEY, taskId: 42 })).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_NO_SUCH_CAPCHA_ID',
		});
		expect(await call('getTaskResult', { clientKey: OTHER_KEY, taskId })).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_NO_SUCH_CAPCHA_ID',
		});
		sandbox.configure({ resultTtlMs: 30 });
		await sleep(50);
		const expired = await call('getTaskResult', { clientKey: KEY, taskId });
		expect(expired).toMatchObject({ errorId: 1, errorCode: 'ERROR_NO_SUCH_CAPCHA_ID' });
		expect(expired.errorDescription).toMatch(/expired/);
	});
});

describe('outcome control', () => {
	it('sandbox:unsolvable fails every time, sandbox:unsolvable-once only the first identical task', async () => {
		expect(await result(await createOk(v2({ websiteKey: 'sandbox:unsolvable' })))).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
		});
		expect(await result(await createOk(v2({ websiteKey: 'sandbox:unsolvable' })))).toMatchObject({
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
		});
		const once = v2({ pageAction: 'x', recaptchaDataSValue: 'sandbox:unsolvable-once' });
		expect(await result(await createOk(once))).toMatchObject({
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
		});
		expect(await result(await createOk(once))).toMatchObject({ errorId: 0, status: 'ready' });
		expect(await result(await createOk({ ...once, cookies: 'different=body' }))).toMatchObject({
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
		});
		expect(sandbox.stats().duplicateCreates).toBe(2);
	});

	it('sandbox:error=<CODE>, sandbox:solve-ms=<N> and sandbox:never', async () => {
		expect(
			await result(
				await createOk(v2({ websiteURL: 'https://a.com/?sandbox:error=ERROR_RECAPTCHA_TIMEOUT' })),
			),
		).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_RECAPTCHA_TIMEOUT',
			errorDescription: expect.any(String),
		});
		const slow = await createOk(v2({ websiteKey: 'sandbox:solve-ms=300' }));
		expect(sandbox.tasks.get(slow)!.readyAt! - sandbox.tasks.get(slow)!.createdAt).toBe(300);
		await sleep(100);
		expect(await call('getTaskResult', { clientKey: KEY, taskId: slow })).toMatchObject({
			status: 'processing',
		});
		const never = await createOk(v2({ websiteKey: 'sandbox:never' }));
		expect(sandbox.tasks.get(never)!.readyAt).toBeNull();
		await sleep(60);
		expect(await call('getTaskResult', { clientKey: KEY, taskId: never })).toMatchObject({
			status: 'processing',
		});
		// ERROR_TOKEN_EXPIRED is charged (https://docs.capmonster.cloud/docs/api/api-errors/), other errors are refunded.
		const expired = await createOk(v2({ websiteKey: 'sandbox:error=ERROR_TOKEN_EXPIRED' }));
		await result(expired);
		expect(sandbox.tasks.get(expired)!.refunded).toBe(false);
	});

	it('counts duplicate creates per key and task body', async () => {
		await createOk(v2());
		await createOk(v2());
		await create(v2(), {}, OTHER_KEY);
		await createOk(v2({ websiteKey: 'another' }));
		expect(sandbox.stats()).toMatchObject({
			duplicateCreates: 1,
			tasksCreated: 4,
			createTaskCalls: 4,
		});
	});
});

describe('callbacks', () => {
	let receiver: http.Server;
	let receiverUrl: string;
	const received: { url: string; body: Json }[] = [];

	beforeAll(async () => {
		receiver = http.createServer((req, res) => {
			let data = '';
			req.on('data', (chunk: Buffer) => (data += chunk.toString()));
			req.on('end', () => {
				received.push({ url: req.url ?? '', body: JSON.parse(data) as Json });
				if (req.url?.includes('slow')) return; // never answer: the sandbox must time out
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		receiver.closeAllConnections();
		await new Promise((resolve) => receiver.close(resolve));
	});

	it('POSTs the getTaskResult body (without taskId) to callbackUrl when the task finishes', async () => {
		const ok = await createOk(v2(), { callbackUrl: `${receiverUrl}/cb?item=1` });
		const failed = await createOk(v2({ websiteKey: 'sandbox:unsolvable' }), {
			callbackUrl: `${receiverUrl}/cb?item=2`,
		});
		for (let i = 0; i < 100 && received.length < 2; i++) await sleep(10);
		const first = received.find((entry) => entry.url === '/cb?item=1')!;
		expect(first.body).toMatchObject({
			errorId: 0,
			status: 'ready',
			solution: { gRecaptchaResponse: expect.any(String) },
		});
		expect(first.body).not.toHaveProperty('taskId');
		expect(first.body).toEqual(await call('getTaskResult', { clientKey: KEY, taskId: ok }));
		expect(received.find((entry) => entry.url === '/cb?item=2')!.body).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
		});
		await sleep(20);
		expect(sandbox.tasks.get(ok)!.callbacks).toEqual([
			expect.objectContaining({ url: `${receiverUrl}/cb?item=1`, status: 200 }),
		]);
		expect(sandbox.tasks.get(failed)!.callbacks[0]).toMatchObject({ status: 200 });
	});

	it('gives up on a callback receiver after 2 s', async () => {
		const taskId = await createOk(v2(), { callbackUrl: `${receiverUrl}/slow` });
		await sleep(2300);
		expect(received.some((entry) => entry.url === '/slow')).toBe(true);
		expect(sandbox.tasks.get(taskId)!.callbacks[0]).toMatchObject({
			error: 'timeout after 2000 ms',
		});
	});

	it('records callback failures and never calls non-loopback hosts', async () => {
		const refused = await createOk(v2(), { callbackUrl: 'http://127.0.0.1:1/cb' });
		const external = await createOk(v2({ websiteKey: 'x' }), {
			callbackUrl: 'http://example.com/cb',
		});
		await sleep(200);
		expect(sandbox.tasks.get(refused)!.callbacks[0].error).toMatch(/ECONNREFUSED/);
		expect(sandbox.tasks.get(external)!.callbacks[0].error).toMatch(/loopback/);
	});
});

describe('reports', () => {
	it('accepts reports of the right kind for finished tasks and records them', async () => {
		sandbox.configure({ solveMs: 300 });
		const image = await createOk({ type: 'ImageToTextTask', body: pngBase64 });
		const token = await createOk(v2());
		const early = await call('reportIncorrectImageCaptcha', { clientKey: KEY, taskId: image });
		expect(early).toMatchObject({ errorId: 1, errorCode: 'ERROR_NO_SUCH_CAPCHA_ID' });
		expect(early.errorDescription).toMatch(/not ready/);
		await result(image);
		await result(token);
		expect(await call('reportIncorrectImageCaptcha', { clientKey: KEY, taskId: image })).toEqual({
			errorId: 0,
			status: 'success',
		});
		expect(await call('reportIncorrectTokenCaptcha', { clientKey: KEY, taskId: token })).toEqual({
			errorId: 0,
			status: 'success',
		});
		expect(await call('reportIncorrectRecaptcha', { clientKey: KEY, taskId: token })).toEqual({
			errorId: 0,
			status: 'success',
		});
		const wrongKind = await call('reportIncorrectTokenCaptcha', { clientKey: KEY, taskId: image });
		expect(wrongKind).toMatchObject({ errorId: 1, errorCode: 'ERROR_NO_SUCH_CAPCHA_ID' });
		expect(wrongKind.errorDescription).toMatch(/image task/);
		expect(
			await call('reportIncorrectImageCaptcha', { clientKey: KEY, taskId: token }),
		).toMatchObject({ errorCode: 'ERROR_NO_SUCH_CAPCHA_ID' });
		expect(
			await call('reportIncorrectImageCaptcha', { clientKey: OTHER_KEY, taskId: image }),
		).toMatchObject({ errorCode: 'ERROR_NO_SUCH_CAPCHA_ID' });
		expect(await call('reportIncorrectImageCaptcha', { clientKey: KEY, taskId: 1 })).toMatchObject({
			errorCode: 'ERROR_NO_SUCH_CAPCHA_ID',
		});
		expect(sandbox.tasks.get(image)!.reports).toEqual([
			{
				taskId: image,
				kind: 'image',
				method: 'reportIncorrectImageCaptcha',
				at: expect.any(Number),
			},
		]);
		expect(sandbox.tasks.get(token)!.reports.map((report) => report.method)).toEqual([
			'reportIncorrectTokenCaptcha',
			'reportIncorrectRecaptcha',
		]);
		expect(sandbox.stats().reports).toBe(3);
		expect(sandbox.reports).toHaveLength(3);
	});
});

describe('demo site', () => {
	it('serves a PNG captcha whose ImageToTextTask answer is the x-sandbox-answer header', async () => {
		const response = await api.get('/demo/captcha.png', { responseType: 'arraybuffer' });
		const bytes = Buffer.from(response.data as ArrayBuffer);
		expect(response.headers['content-type']).toBe('image/png');
		expect(bytes.subarray(0, 8)).toEqual(
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		);
		expect(bytes.length).toBeGreaterThan(1024);
		expect(bytes.length).toBeLessThan(10 * 1024);
		const answer = response.headers['x-sandbox-answer'] as string;
		expect(answer).toMatch(/^[A-Z0-9]{6}$/);
		expect(answerForImage(bytes)).toBe(answer);
		expect(await solve({ type: 'ImageToTextTask', body: bytes.toString('base64') })).toEqual({
			text: answer,
		});
		const fixed = await api.get('/demo/captcha.png?text=abc123', { responseType: 'arraybuffer' });
		expect(fixed.headers['x-sandbox-answer']).toBe('ABC123');
	});

	it('derives a stable answer for any other image', () => {
		const other = Buffer.concat([png, Buffer.from('tampered')]);
		expect(answerForImage(other)).toBe(
			createHash('sha256').update(other).digest('hex').slice(0, 6).toUpperCase(),
		);
		expect(answerForImage(other)).toBe(answerForImage(Buffer.from(other)));
	});

	it('accepts a token issued by the sandbox once, as JSON or form data', async () => {
		const { gRecaptchaResponse } = (await solve(v2())) as { gRecaptchaResponse: string };
		expect(
			(await api.post('/demo/form', { 'g-recaptcha-response': gRecaptchaResponse })).data,
		).toEqual({ accepted: true });
		expect(
			(await api.post('/demo/form', { 'g-recaptcha-response': gRecaptchaResponse })).data,
		).toEqual({ accepted: false, reason: 'token already used' });
		expect((await api.post('/demo/form', { token: 'made-up' })).data).toEqual({
			accepted: false,
			reason: 'unknown token',
		});
		const { token } = (await solve({
			type: 'TurnstileTask',
			websiteURL: 'https://a.com',
			websiteKey: 'k',
		})) as { token: string };
		const form = await api.post(
			'/demo/form',
			new URLSearchParams({ 'cf-turnstile-response': token }).toString(),
			{
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
			},
		);
		expect(form.data).toEqual({ accepted: true });
		expect(sandbox.formSubmissions.map((submission) => submission.accepted)).toEqual([
			true,
			false,
			false,
			true,
		]);
		expect((await api.get('/demo/')).data).toMatch(/data-sitekey="/);
	});
});

describe('fault injection', () => {
	it('http faults replace the answer without processing (phase before)', async () => {
		sandbox.addFault({ method: 'createTask', kind: 'http', status: 503, count: 1 });
		const failed = await api.post('/createTask', { clientKey: KEY, task: v2() });
		expect(failed.status).toBe(503);
		expect(sandbox.stats().tasksCreated).toBe(0);
		expect((await api.post('/createTask', { clientKey: KEY, task: v2() })).status).toBe(200); // count expired
		sandbox.addFault({ method: 'getBalance', kind: 'http', status: 429, count: 1 });
		const limited = await api.post('/getBalance', { clientKey: KEY });
		expect(limited.status).toBe(429);
		expect(limited.data).toMatchObject({ errorId: 1, errorCode: 'ERROR_TOO_MUCH_REQUESTS' });
		sandbox.addFault({
			method: 'getBalance',
			kind: 'http',
			status: 502,
			body: { custom: true },
			count: 1,
		});
		expect((await api.post('/getBalance', { clientKey: KEY })).data).toEqual({ custom: true });
		expect(sandbox.requests.filter((entry) => entry.fault).map((entry) => entry.status)).toEqual([
			503, 429, 502,
		]);
	});

	it('phase after processes the request, then replaces the answer (a task exists the client never learns of)', async () => {
		sandbox.addFault({ method: 'createTask', kind: 'http', status: 500, phase: 'after', count: 1 });
		expect((await api.post('/createTask', { clientKey: KEY, task: v2() })).status).toBe(500);
		expect(sandbox.stats().tasksCreated).toBe(1);
		await createOk(v2());
		expect(sandbox.stats().duplicateCreates).toBe(1);
	});

	it('reset, refuse, malformed, errorCode and delay', async () => {
		sandbox.addFault({ method: 'getBalance', kind: 'reset', count: 1 });
		await expect(api.post('/getBalance', { clientKey: KEY })).rejects.toThrow();
		sandbox.addFault({ method: 'getBalance', kind: 'refuse', count: 1 });
		await expect(api.post('/getBalance', { clientKey: KEY })).rejects.toThrow();
		sandbox.addFault({ method: 'getBalance', kind: 'malformed', count: 1 });
		const malformed = await api.post(
			'/getBalance',
			{ clientKey: KEY },
			{ transitional: { silentJSONParsing: true }, responseType: 'text' },
		);
		expect(() => JSON.parse(malformed.data as string)).toThrow();
		sandbox.addFault({
			method: 'createTask',
			kind: 'errorCode',
			errorCode: 'ERROR_NO_SLOT_AVAILABLE',
			count: 1,
		});
		expect(await create(v2())).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_NO_SLOT_AVAILABLE',
			taskId: 0,
		});
		sandbox.addFault({ method: '*', kind: 'delay', ms: 150, count: 1 });
		const started = Date.now();
		expect(await call('getBalance', { clientKey: KEY })).toMatchObject({ errorId: 0 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(sandbox.faults()).toEqual([]);
	});

	it('hang never answers; pause hangs everything until resume; close() still returns promptly', async () => {
		const own = await startSandbox({ keys: [KEY] });
		const client = axios.create({ baseURL: own.url, timeout: 200, validateStatus: () => true });
		own.addFault({ method: 'getTaskResult', kind: 'hang' });
		await expect(client.post('/getTaskResult', { clientKey: KEY, taskId: 1 })).rejects.toThrow(
			/timeout/,
		);
		expect((await client.post('/getBalance', { clientKey: KEY })).data).toEqual({
			errorId: 0,
			balance: 10,
		});
		own.pause();
		await expect(client.post('/getBalance', { clientKey: KEY })).rejects.toThrow(/timeout/);
		expect((await client.get('/__control/stats')).status).toBe(200); // control still answers
		own.resume();
		expect((await client.post('/getBalance', { clientKey: KEY })).data).toEqual({
			errorId: 0,
			balance: 10,
		});
		// Leave a request hanging, then close.
		const hanging = client
			.post('/getTaskResult', { clientKey: KEY, taskId: 1 }, { timeout: 10000 })
			.catch((error: Error) => error);
		await sleep(50);
		const started = Date.now();
		await own.close();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await hanging).toBeInstanceOf(Error);
	});

	it('probability faults are deterministic for a seed', async () => {
		const outcomes = async (): Promise<number[]> => {
			const own = await startSandbox({ keys: [KEY], seed: 7 });
			own.addFault({ method: 'getBalance', kind: 'http', status: 503, probability: 0.5 });
			const statuses: number[] = [];
			for (let i = 0; i < 20; i++)
				statuses.push(
					(
						await axios.post(
							`${own.url}/getBalance`,
							{ clientKey: KEY },
							{ validateStatus: () => true },
						)
					).status,
				);
			await own.close();
			return statuses;
		};
		const first = await outcomes();
		expect(first).toEqual(await outcomes());
		expect(first).toContain(503);
		expect(first).toContain(200);
	});
});

describe('control endpoints', () => {
	it('configure, faults, balance, tasks, requests, reset over HTTP; control calls are not logged', async () => {
		expect(
			(await api.post('/__control/configure', { solveMs: 5, minPollGapMs: 0 })).data,
		).toMatchObject({ ok: true });
		expect((await api.post('/__control/balance', { key: KEY, balance: 3 })).data).toMatchObject({
			ok: true,
		});
		expect(await call('getBalance', { clientKey: KEY })).toEqual({ errorId: 0, balance: 3 });
		const taskId = await createOk(v2());
		const tasks = (await api.get('/__control/tasks')).data as Json[];
		expect(tasks).toEqual([expect.objectContaining({ id: taskId, solveMs: 5, warnings: [] })]);
		expect(
			(await api.post('/__control/faults', { method: 'getBalance', kind: 'http', status: 500 }))
				.data,
		).toMatchObject({ ok: true });
		expect((await api.post('/getBalance', { clientKey: KEY })).status).toBe(500);
		expect((await api.delete('/__control/faults')).data).toEqual({ ok: true });
		expect((await api.post('/getBalance', { clientKey: KEY })).status).toBe(200);
		expect((await api.post('/__control/faults', { kind: 'nonsense' })).status).toBe(400);
		const requests = (await api.get('/__control/requests')).data as Json[];
		expect(requests.map((entry) => entry.method)).toEqual([
			'getBalance',
			'createTask',
			'getBalance',
			'getBalance',
		]);
		expect(requests[1]).toMatchObject({
			path: '/createTask',
			httpMethod: 'POST',
			status: 200,
			body: { clientKey: KEY },
			response: { errorId: 0, taskId },
		});
		expect((await api.get('/__control/stats')).data).toMatchObject({
			requests: 4,
			tasksCreated: 1,
			balanceByKey: { [KEY]: 2.9994 },
		});
		expect((await api.post('/__control/reset')).data).toEqual({ ok: true });
		expect((await api.get('/__control/stats')).data).toMatchObject({
			requests: 0,
			tasksCreated: 0,
			balanceByKey: { [KEY]: 10 },
		});
	});
});

describe('RuCaptcha-compatible protocol', () => {
	it('in.php / res.php in text mode', async () => {
		sandbox.configure({ solveMs: 300 });
		const created = await api.get('/in.php', {
			params: {
				key: KEY,
				method: 'userrecaptcha',
				googlekey: '6Le',
				pageurl: 'https://a.com',
				nocache: 1,
			},
		});
		expect(created.data).toMatch(/^OK\|\d+$/);
		const id = Number((created.data as string).split('|')[1]);
		const task = sandbox.tasks.get(id)!;
		expect(task).toMatchObject({
			protocol: 'rucaptcha',
			declaredType: 'RecaptchaV2Task',
			warnings: [],
		});
		expect(task.nocache.viaRuCaptchaParam).toBe(true);
		expect((await api.get('/res.php', { params: { key: KEY, action: 'get', id } })).data).toBe(
			'CAPCHA_NOT_READY',
		);
		await sleep(320);
		const answer = (await api.get('/res.php', { params: { key: KEY, action: 'get', id } }))
			.data as string;
		expect(answer).toBe(`OK|${(task.solution as Json).gRecaptchaResponse}`);
		expect((await api.get('/res.php', { params: { key: KEY, action: 'getbalance' } })).data).toBe(
			9.9994,
		);
		expect(
			(await api.get('/res.php', { params: { key: KEY, action: 'reportbad', id } })).data,
		).toBe('OK_REPORT_RECORDED');
		expect(sandbox.tasks.get(id)!.reports).toHaveLength(1);
		expect((await api.get('/res.php', { params: { key: KEY, action: 'get', id: 5 } })).data).toBe(
			'ERROR_WRONG_CAPTCHA_ID',
		);
		expect((await api.get('/in.php', { params: { method: 'userrecaptcha' } })).data).toBe(
			'ERROR_WRONG_USER_KEY',
		);
		expect(
			(await api.get('/in.php', { params: { key: 'nope', method: 'userrecaptcha' } })).data,
		).toBe('ERROR_KEY_DOES_NOT_EXIST');
	});

	it('in.php / res.php with json=1, form bodies, v3, images and Turnstile', async () => {
		const post = async (path: string, params: Record<string, string>): Promise<Json> =>
			(
				await api.post(path, new URLSearchParams(params).toString(), {
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
				})
			).data as Json;
		const v3 = await post('/in.php', {
			key: KEY,
			method: 'userrecaptcha',
			version: 'v3',
			action: 'login',
			min_score: '0.7',
			googlekey: 'k',
			pageurl: 'https://a.com',
			json: '1',
		});
		expect(v3).toEqual({ status: 1, request: expect.stringMatching(/^\d+$/) });
		expect(sandbox.tasks.get(Number(v3.request))!.task).toEqual({
			type: 'RecaptchaV3TaskProxyless',
			websiteURL: 'https://a.com',
			websiteKey: 'k',
			pageAction: 'login',
			minScore: 0.7,
		});
		const image = await post('/in.php', { key: KEY, method: 'base64', body: pngBase64, json: '1' });
		const turnstile = await post('/in.php', {
			key: KEY,
			method: 'turnstile',
			sitekey: '0x4',
			pageurl: 'https://a.com',
			json: '1',
		});
		await sleep(100);
		expect(
			await post('/res.php', { key: KEY, action: 'get', id: String(image.request), json: '1' }),
		).toEqual({ status: 1, request: 'SANDBOX' });
		expect(
			await post('/res.php', { key: KEY, action: 'get', id: String(turnstile.request), json: '1' }),
		).toEqual({
			status: 1,
			request: expect.any(String),
			useragent: DEFAULT_USER_AGENT,
		});
		sandbox.setBalance(KEY, 0);
		expect(
			await post('/in.php', { key: KEY, method: 'base64', body: pngBase64, json: '1' }),
		).toEqual({ status: 0, request: 'ERROR_ZERO_BALANCE' });
		expect(
			await post('/in.php', {
				key: KEY,
				method: 'userrecaptcha',
				pageurl: 'https://a.com',
				json: '1',
			}),
		).toEqual({ status: 0, request: 'ERROR_GOOGLEKEY' });
	});

	it('applies polling limits and faults to res.php', async () => {
		sandbox.configure({ minPollGapMs: 1000, solveMs: 60000 });
		const id = (
			(
				await api.get('/in.php', {
					params: {
						key: KEY,
						method: 'userrecaptcha',
						googlekey: 'k',
						pageurl: 'https://a.com',
						json: 1,
					},
				})
			).data as Json
		).request;
		expect((await api.get('/res.php', { params: { key: KEY, action: 'get', id } })).data).toBe(
			'CAPCHA_NOT_READY',
		);
		expect(
			(await api.get('/res.php', { params: { key: KEY, action: 'get', id, json: 1 } })).data,
		).toEqual({ status: 0, request: 'ERROR_TOO_MUCH_REQUESTS' });
		sandbox.addFault({
			method: 'res.php',
			kind: 'errorCode',
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
			count: 1,
		});
		expect((await api.get('/res.php', { params: { key: KEY, action: 'getbalance' } })).data).toBe(
			'ERROR_CAPTCHA_UNSOLVABLE',
		);
		expect(sandbox.stats().pollViolations).toBe(1);
	});
});

describe('scale', () => {
	it('handles 1000 concurrent tasks without busy waiting', async () => {
		sandbox.configure({ solveMs: 200, minPollGapMs: 100 });
		const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
		const client = axios.create({
			baseURL: sandbox.url,
			httpAgent: agent,
			validateStatus: () => true,
		});
		const started = Date.now();
		const ids = await Promise.all(
			Array.from(
				{ length: 1000 },
				async (_, i) =>
					(
						(
							await client.post('/createTask', {
								clientKey: KEY,
								task: v2({ websiteKey: `k${i}` }),
							})
						).data as Json
					).taskId as number,
			),
		);
		expect(new Set(ids).size).toBe(1000);
		await sleep(250);
		const results = await Promise.all(
			ids.map(
				async (taskId) =>
					(await client.post('/getTaskResult', { clientKey: KEY, taskId })).data as Json,
			),
		);
		expect(results.every((response) => response.status === 'ready')).toBe(true);
		agent.destroy();
		expect(Date.now() - started).toBeLessThan(10000);
		expect(sandbox.stats()).toMatchObject({
			tasksCreated: 1000,
			getTaskResultCalls: 1000,
			pollViolations: 0,
			duplicateCreates: 0,
		});
		expect(sandbox.getBalance(KEY)).toBeCloseTo(10 - 0.6, 8);
	});
});
