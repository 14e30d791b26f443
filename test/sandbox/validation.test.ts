/** Tests of the sandbox: createTask validation (validation.ts and taskTypes.ts). */

import { DEFAULT_USER_AGENT } from './index';
import type { Json } from './testing';
import { KEY, pngBase64, proxy, html, sandbox, call, createOk, v2, useSandbox } from './testing';

useSandbox();

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
