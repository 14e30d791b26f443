/**
 * The credential's Protocol option, what goes over the wire: with the RuCaptcha-compatible
 * protocol the node sends in.php / res.php requests shaped as that protocol wants (seen through
 * the recording relay of test/helpers/relay.ts), and the credential test asks res.php.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { supportsTask } from '../../nodes/CapMonster/transport/rucaptcha';
import { testCredential, type CredentialData } from '../helpers/engine';
import { API_KEY, recaptchaV2, useSandbox } from '../helpers/fixtures';
import { IMAGE, PROXY, formOf, useRelay, type RunOptions } from '../helpers/relay';

const env = useSandbox();
const relay = useRelay(env);
const { wire, credentials, tasks } = relay;

describe('RuCaptcha-compatible protocol on the wire', () => {
	const run = async (parameters: INodeParameters, options: RunOptions = {}) =>
		await env.run(parameters, {
			...options,
			credentials: credentials('rucaptcha', options.credentials),
		});

	test('in.php and res.php get POST form bodies with the key, never a query string', async () => {
		const solved = await run(recaptchaV2());
		await run({
			resource: 'report',
			operation: 'incorrectToken',
			taskId: solved.items[0].json.taskId as number,
		});
		await run({ resource: 'account', operation: 'getBalance' });

		expect(wire.map((request) => request.url)).toEqual([
			'/in.php',
			'/res.php',
			'/res.php',
			'/res.php',
		]);
		for (const request of wire) {
			expect(request.method).toBe('POST');
			expect(request.contentType).toBe('application/x-www-form-urlencoded');
			expect(request.url).not.toContain('?');
			expect(request.url).not.toContain(API_KEY);
			expect(formOf(request)[0]).toEqual(['key', API_KEY]);
			expect(formOf(request)).toContainEqual(['json', '1']);
		}
		const [create, poll, report, balance] = wire.map(formOf);
		expect(create).toEqual([
			['key', API_KEY],
			['method', 'userrecaptcha'],
			['googlekey', '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-'],
			['pageurl', 'https://shop.example.com/login'],
			['json', '1'],
		]);
		const taskId = String(solved.items[0].json.taskId);
		expect(poll).toEqual([
			['key', API_KEY],
			['action', 'get'],
			['id', taskId],
			['json', '1'],
		]);
		expect(report).toEqual([
			['key', API_KEY],
			['action', 'reportbad'],
			['id', taskId],
			['json', '1'],
		]);
		expect(balance).toEqual([
			['key', API_KEY],
			['action', 'getbalance'],
			['json', '1'],
		]);
		// No JSON-API field leaks into the form.
		for (const request of wire) expect(request.body).not.toContain('clientKey');
	});

	test('nocache=1 is the last in.php parameter, and the key carries no __nocache suffix', async () => {
		const result = await run(recaptchaV2(), { credentials: { noCache: true } });
		expect(result.status).toBe('success');
		const form = formOf(wire[0]);
		expect(form.at(-1)).toEqual(['nocache', '1']);
		expect(form[0]).toEqual(['key', API_KEY]);
		expect(wire.slice(1).every((request) => !request.body.includes('nocache'))).toBe(true);
	}, 30000);

	test('the JSON protocol is unchanged: JSON bodies with clientKey to the method paths', async () => {
		const result = await env.run(recaptchaV2(), { credentials: credentials('json') });
		expect(result.status).toBe('success');
		expect(wire.map((request) => request.url)).toEqual(['/createTask', '/getTaskResult']);
		for (const request of wire) {
			expect(request.contentType).toBe('application/json');
			const body = JSON.parse(request.body) as IDataObject;
			expect(body.clientKey).toBe(API_KEY);
			expect(body).not.toHaveProperty('key');
		}
	});

	test('credentials saved before the option existed (no protocol) use the JSON API', async () => {
		const old: CredentialData = { apiKey: API_KEY, noCache: false, baseUrl: relay.url };
		const result = await env.run(
			{ resource: 'account', operation: 'getBalance' },
			{ credentials: old },
		);
		expect(result.status).toBe('success');
		expect(wire.map((request) => request.url)).toEqual(['/getBalance']);
	});

	const v2 = { type: 'RecaptchaV2Task', websiteURL: 'https://a.example/', websiteKey: 'k' };
	test.each<[string, IDataObject, boolean]>([
		['reCAPTCHA v2', v2, true],
		[
			'a legacy type name and field spelling',
			{
				...v2,
				type: 'NoCaptchaTaskProxyless',
				websiteUrl: 'https://a.example/',
				websiteURL: undefined,
			},
			true,
		],
		[
			'nocache and a proxy',
			{
				...v2,
				nocache: true,
				proxyType: 'socks5',
				proxyAddress: '203.0.113.7',
				proxyPort: 1080,
			},
			true,
		],
		[
			'a proxy login with ":"',
			{
				...v2,
				proxyType: 'http',
				proxyAddress: '203.0.113.7',
				proxyPort: 8080,
				proxyLogin: 'a:b',
				proxyPassword: 'c',
			},
			false,
		],
		[
			'an Enterprise Payload',
			{ ...v2, type: 'RecaptchaV2EnterpriseTask', enterprisePayload: { s: 'x' } },
			false,
		],
		[
			'a proxy on reCAPTCHA v3',
			{
				type: 'RecaptchaV3TaskProxyless',
				websiteURL: 'https://a.example/',
				websiteKey: 'k',
				proxyAddress: '203.0.113.7',
			},
			false,
		],
		[
			'the Cloudflare clearance-cookie mode',
			{
				type: 'TurnstileTask',
				cloudflareTaskType: 'cf_clearance',
				websiteURL: 'https://a.example/',
				websiteKey: 'k',
			},
			false,
		],
		[
			'Image to Text with the universal module',
			{ type: 'ImageToTextTask', body: IMAGE, capMonsterModule: 'universal' },
			true,
		],
		[
			'Image to Text with another module',
			{ type: 'ImageToTextTask', body: IMAGE, capMonsterModule: 'amazon' },
			false,
		],
		[
			'DataDome',
			{ type: 'CustomTask', class: 'DataDome', websiteURL: 'https://a.example/' },
			false,
		],
		[
			'hCaptcha',
			{ type: 'HCaptchaTask', websiteURL: 'https://a.example/', websiteKey: 'k' },
			false,
		],
	])(
		'supportsTask tells which JSON tasks the protocol carries, every field included: %s',
		(_what, task, carried) => {
			expect(supportsTask(task)).toBe(carried);
		},
	);

	test('a task type the protocol cannot carry (DataDome) fails before any request, saying to switch the Protocol', async () => {
		const result = await run({
			resource: 'task',
			operation: 'create',
			taskType: 'dataDome',
			websiteURL: 'https://shop.example.com/',
			captchaUrl: 'https://geo.captcha-delivery.com/captcha/?initialCid=abc',
			datadomeCookie: 'datadome=abc123',
			...PROXY,
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('CustomTask (class DataDome)');
		expect(result.error?.message).toContain('Protocol');
		expect(result.error?.message).toContain('CapMonster JSON API');
		expect(String(result.error?.description)).toContain('Nothing was sent');
		expect(wire).toHaveLength(0);
		expect(env.sandbox.requests).toHaveLength(0);
	});

	test('a field the protocol cannot carry fails before any request, item by item under Continue On Fail', async () => {
		const result = await run(
			{
				resource: 'task',
				operation: 'create',
				taskType: 'turnstileChallengeToken',
				websiteURL: 'https://tickets.example.com/',
				websiteKey: '0x4AAAAAAABUYP0XeMJF0xoy',
				pageAction: 'managed',
				userAgent: 'Mozilla/5.0 Test',
				data: 'cdata',
				pageData: 'page-data',
				additionalFields: { apiJsUrl: 'https://challenges.cloudflare.com/turnstile/v0/api.js' },
			},
			{ continueOnFail: true },
		);
		expect(result.items[0].json.errorCode).toBe('INVALID_INPUT');
		expect(result.items[0].json.error).toContain('"apiJsUrl"');
		expect(result.items[0].json.error).toContain('TurnstileTask');
		expect(wire).toHaveLength(0);
	});

	test('a Callback URL is refused before any request', async () => {
		const result = await run(
			recaptchaV2({ options: { callbackUrl: 'http://127.0.0.1:9/callback' } }),
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Callback URL');
		expect(wire).toHaveLength(0);
	});

	test('the Turnstile challenge token mode is carried as pagedata', async () => {
		const result = await run({
			resource: 'task',
			operation: 'create',
			taskType: 'turnstileChallengeToken',
			websiteURL: 'https://tickets.example.com/',
			websiteKey: '0x4AAAAAAABUYP0XeMJF0xoy',
			pageAction: 'managed',
			userAgent: 'Mozilla/5.0 Test',
			data: 'cdata',
			pageData: 'page-data',
		});
		expect(result.status).toBe('success');
		const [task] = tasks();
		expect(task.task).toEqual({
			type: 'TurnstileTask',
			cloudflareTaskType: 'token',
			websiteURL: 'https://tickets.example.com/',
			websiteKey: '0x4AAAAAAABUYP0XeMJF0xoy',
			pageAction: 'managed',
			userAgent: 'Mozilla/5.0 Test',
			data: 'cdata',
			pageData: 'page-data',
		});
		expect(result.items[0].json).toMatchObject({
			token: task.solution?.token,
			userAgent: 'Mozilla/5.0 Test',
		});
	});

	test('a gateway error page or unreadable reply is reported as such, not as a solution', async () => {
		env.sandbox.addFault({ method: 'res.php', kind: 'malformed', count: 1 });
		const result = await run(
			{ resource: 'account', operation: 'getBalance' },
			{ continueOnFail: true },
		);
		expect(result.items[0].json).toMatchObject({ errorCode: 'MALFORMED_RESPONSE' });
	});
});

// ---- the credential test ----------------------------------------------------------------------

describe('credential test', () => {
	test('with the RuCaptcha-compatible protocol it asks res.php for the balance, with the key in a form body', async () => {
		const result = await testCredential(credentials('rucaptcha'));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(wire).toHaveLength(1);
		expect(wire[0]).toMatchObject({
			method: 'POST',
			url: '/res.php',
			contentType: 'application/x-www-form-urlencoded',
		});
		expect(formOf(wire[0])).toEqual(
			expect.arrayContaining([
				['key', API_KEY],
				['action', 'getbalance'],
				['json', '1'],
			]),
		);
	});

	test('with the RuCaptcha-compatible protocol a wrong key fails the test with the code', async () => {
		const result = await testCredential(credentials('rucaptcha', { apiKey: 'not-a-real-key' }));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('ERROR_KEY_DOES_NOT_EXIST');
	});

	test('with the JSON API it still posts getBalance as JSON with clientKey', async () => {
		const result = await testCredential(credentials('json'));
		expect(result.status).toBe('OK');
		expect(wire.map((request) => [request.url, request.contentType])).toEqual([
			['/getBalance', 'application/json'],
		]);
		expect(JSON.parse(wire[0].body)).toEqual({ clientKey: API_KEY });
	});
});
