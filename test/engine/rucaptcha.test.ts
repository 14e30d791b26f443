/**
 * The credential's Protocol option: the same operations, inputs and outputs over the JSON API and
 * over the RuCaptcha-compatible in.php / res.php, in the real engine against the sandbox. A small
 * recording relay between the node and the sandbox shows what went over the wire (path, query,
 * content type, raw body), which the sandbox's own log merges together.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { supportsTask } from '../../nodes/CapMonster/transport/rucaptcha';
import {
	everythingVisible,
	testCredential,
	type CredentialData,
	type RunNodeOptions,
} from '../helpers/engine';
import { API_KEY, recaptchaV2, useSandbox } from '../helpers/fixtures';
import { answerForImage, renderCaptchaPng, type SandboxTask } from '../sandbox';

const env = useSandbox();

// ---- a recording relay ------------------------------------------------------------------------

interface WireRequest {
	method: string;
	/** Path and query exactly as sent. */
	url: string;
	contentType: string;
	body: string;
}

const wire: WireRequest[] = [];
let relay: { url: string; close(): Promise<void> };

async function startRelay(): Promise<typeof relay> {
	const sockets = new Set<Socket>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			wire.push({
				method: req.method ?? '',
				url: req.url ?? '',
				contentType: String(req.headers['content-type'] ?? ''),
				body: body.toString('utf8'),
			});
			const upstream = http.request(
				`${env.sandbox.url}${req.url ?? '/'}`,
				{ method: req.method, headers: { ...req.headers, host: new URL(env.sandbox.url).host } },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			upstream.on('error', () => res.destroy());
			upstream.end(body);
		});
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

beforeAll(async () => {
	relay = await startRelay();
});
afterAll(async () => {
	await relay?.close();
});
beforeEach(() => {
	wire.length = 0;
});
afterEach(() => {
	// Whatever the protocol, the node keeps to the polling limits.
	expect(env.sandbox.stats().pollViolations).toBe(0);
});

// ---- helpers ----------------------------------------------------------------------------------

type Protocol = 'json' | 'rucaptcha';
type RunOptions = Omit<Partial<RunNodeOptions>, 'credentials'> & {
	credentials?: Partial<CredentialData>;
};

const credentials = (
	protocol: Protocol,
	overrides: Partial<CredentialData> = {},
): CredentialData => ({
	apiKey: API_KEY,
	noCache: false,
	baseUrl: relay.url,
	protocol,
	...overrides,
});

const tasks = (): SandboxTask[] => [...env.sandbox.tasks.values()];

/** The form fields of a request body, in order. */
const formOf = (request: WireRequest): Array<[string, string]> => [
	...new URLSearchParams(request.body),
];

const IMAGE = renderCaptchaPng('K7PX2M').toString('base64');
const PROXY = {
	proxyInput: 'fields',
	proxyType: 'http',
	proxyAddress: '203.0.113.7',
	proxyPort: 8080,
	proxyLogin: 'user',
	proxyPassword: 'pass',
};

/** Node parameters → the JSON task both protocols must create (as the sandbox sees it). */
const SOLVABLE: Array<
	[
		name: string,
		parameters: INodeParameters,
		task: IDataObject,
		answer: (solution: IDataObject) => unknown,
	]
> = [
	[
		'reCAPTCHA v2 (invisible, with user agent, cookies and proxy)',
		recaptchaV2({
			additionalFields: {
				isInvisible: true,
				userAgent: 'Mozilla/5.0 Test',
				cookies: 'a=1; b=2',
				recaptchaDataSValue: 'data-s-value',
			},
			...PROXY,
		}),
		{
			type: 'RecaptchaV2Task',
			websiteURL: 'https://shop.example.com/login',
			websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
			isInvisible: true,
			userAgent: 'Mozilla/5.0 Test',
			cookies: 'a=1; b=2',
			recaptchaDataSValue: 'data-s-value',
			proxyType: 'http',
			proxyAddress: '203.0.113.7',
			proxyPort: 8080,
			proxyLogin: 'user',
			proxyPassword: 'pass',
		},
		(solution) => solution.gRecaptchaResponse,
	],
	[
		'reCAPTCHA v2 Enterprise',
		{
			...recaptchaV2({ taskType: 'recaptchaV2Enterprise' }),
			additionalFields: { pageAction: 'login' },
		},
		{
			type: 'RecaptchaV2EnterpriseTask',
			websiteURL: 'https://shop.example.com/login',
			websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
			pageAction: 'login',
		},
		(solution) => solution.gRecaptchaResponse,
	],
	[
		'reCAPTCHA v3',
		{
			...recaptchaV2({ taskType: 'recaptchaV3' }),
			additionalFields: { minScore: 0.7, pageAction: 'checkout' },
		},
		{
			type: 'RecaptchaV3TaskProxyless',
			websiteURL: 'https://shop.example.com/login',
			websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
			minScore: 0.7,
			pageAction: 'checkout',
		},
		(solution) => solution.gRecaptchaResponse,
	],
	[
		'reCAPTCHA v3 Enterprise',
		{ ...recaptchaV2({ taskType: 'recaptchaV3Enterprise' }), additionalFields: { minScore: 0.3 } },
		{
			type: 'RecaptchaV3EnterpriseTask',
			websiteURL: 'https://shop.example.com/login',
			websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
			minScore: 0.3,
		},
		(solution) => solution.gRecaptchaResponse,
	],
	[
		'Image to Text (case-sensitive)',
		{
			resource: 'task',
			operation: 'create',
			taskType: 'imageToText',
			imageSource: 'base64',
			imageBase64: IMAGE,
			additionalFields: { case: true },
		},
		{ type: 'ImageToTextTask', body: IMAGE, case: true },
		(solution) => solution.text,
	],
	[
		'Cloudflare Turnstile',
		{
			resource: 'task',
			operation: 'create',
			taskType: 'turnstile',
			websiteURL: 'https://tickets.example.com/',
			websiteKey: '0x4AAAAAAABUYP0XeMJF0xoy',
			additionalFields: { pageAction: 'login', data: 'cdata-value' },
		},
		{
			type: 'TurnstileTask',
			websiteURL: 'https://tickets.example.com/',
			websiteKey: '0x4AAAAAAABUYP0XeMJF0xoy',
			pageAction: 'login',
			data: 'cdata-value',
		},
		(solution) => solution.token,
	],
	[
		'FunCaptcha',
		{
			resource: 'task',
			operation: 'create',
			taskType: 'funCaptcha',
			websiteURL: 'https://account.example.com/signup',
			websitePublicKey: 'EX72CCFB-26EX-40E5-91E6-85EX70BE98ED',
			additionalFields: { funcaptchaApiJSSubdomain: 'example-api.arkoselabs.com' },
		},
		{
			type: 'FunCaptchaTask',
			websiteURL: 'https://account.example.com/signup',
			websitePublicKey: 'EX72CCFB-26EX-40E5-91E6-85EX70BE98ED',
			funcaptchaApiJSSubdomain: 'example-api.arkoselabs.com',
		},
		(solution) => solution.token,
	],
	[
		'GeeTest v3',
		{
			resource: 'task',
			operation: 'create',
			taskType: 'geetestV3',
			websiteURL: 'https://www.example.com/login',
			gt: '022397c99c9f646f6477822485f30404',
			challenge: '7f044f48bc951ecfbfc03842b5e1fe59',
		},
		{
			type: 'GeeTestTask',
			version: 3,
			websiteURL: 'https://www.example.com/login',
			gt: '022397c99c9f646f6477822485f30404',
			challenge: '7f044f48bc951ecfbfc03842b5e1fe59',
		},
		(solution) => solution,
	],
	[
		'GeeTest v4',
		{
			resource: 'task',
			operation: 'create',
			taskType: 'geetestV4',
			websiteURL: 'https://www.example.com/login',
			gt: 'e392e1d7fd421dc63325744d5a2b9c73',
		},
		{
			type: 'GeeTestTask',
			version: 4,
			websiteURL: 'https://www.example.com/login',
			gt: 'e392e1d7fd421dc63325744d5a2b9c73',
		},
		(solution) => solution,
	],
];

// ---- the same behaviour under both protocols --------------------------------------------------

describe.each<Protocol>(['json', 'rucaptcha'])('%s protocol', (protocol) => {
	const run = async (parameters: INodeParameters, options: RunOptions = {}) =>
		await env.run(parameters, {
			...options,
			credentials: credentials(protocol, options.credentials),
		});

	describe('Create Task', () => {
		test.each(SOLVABLE)(
			'solves %s with the same task and output',
			async (_name, parameters, expectedTask, answer) => {
				const result = await run(parameters);
				expect(result.status).toBe('success');
				const [task] = tasks();
				expect(task.protocol).toBe(protocol);
				// in.php has no version parameter for GeeTest v3, the default version.
				const { version, ...withoutVersion } = expectedTask;
				expect(task.task).toEqual(
					protocol === 'rucaptcha' && version === 3 ? withoutVersion : expectedTask,
				);
				expect(task.warnings).toEqual([]);
				expect(result.items[0].json).toMatchObject({
					taskId: task.id,
					taskType: expectedTask.type,
					status: 'ready',
					token: answer(task.solution as IDataObject),
					solution: task.solution,
				});
				if (expectedTask.type === 'ImageToTextTask')
					expect(result.items[0].json.token).toBe(answerForImage(Buffer.from(IMAGE, 'base64')));
				expect(everythingVisible(result)).not.toContain(API_KEY);
			},
		);

		test('a wrong key fails with ERROR_KEY_DOES_NOT_EXIST, and the key stays secret', async () => {
			const secret = 'wrong-secret-key-5d1e7b';
			const result = await run(recaptchaV2(), { credentials: { apiKey: secret, noCache: true } });
			expect(result.status).toBe('error');
			expect(result.error?.message).toContain('ERROR_KEY_DOES_NOT_EXIST');
			expect(String(result.error?.description)).toContain('Check the API key');
			expect(everythingVisible(result)).not.toContain(secret);
			expect(wire).toHaveLength(1);
		});

		test('a zero balance fails with ERROR_ZERO_BALANCE before a task exists', async () => {
			env.sandbox.setBalance(API_KEY, 0);
			const result = await run(recaptchaV2(), { continueOnFail: true });
			expect(result.items[0].json).toMatchObject({ errorCode: 'ERROR_ZERO_BALANCE' });
			expect(tasks()).toHaveLength(0);
		});

		test('an unsolvable captcha fails with the code and the task id; Retry Unsolvable creates one new task', async () => {
			const failed = await run(recaptchaV2({ websiteKey: 'sandbox:unsolvable' }), {
				continueOnFail: true,
			});
			expect(failed.items[0].json).toMatchObject({
				errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
				taskId: tasks()[0].id,
			});

			env.sandbox.reset();
			const retried = await run(
				recaptchaV2({ websiteKey: 'sandbox:unsolvable-once', options: { retryUnsolvable: true } }),
			);
			expect(retried.status).toBe('success');
			expect(tasks()).toHaveLength(2);
			expect(retried.items[0].json.taskId).toBe(tasks()[1].id);
		});

		test('ERROR_NO_SLOT_AVAILABLE on create is retried with backoff, as for the JSON API', async () => {
			const createMethod = protocol === 'json' ? 'createTask' : 'in.php';
			env.sandbox.addFault({
				method: createMethod,
				kind: 'errorCode',
				errorCode: 'ERROR_NO_SLOT_AVAILABLE',
				count: 1,
			});
			const result = await run(recaptchaV2());
			expect(result.status).toBe('success');
			expect(
				env.sandbox.requests.filter((request) => request.method === createMethod),
			).toHaveLength(2);
			expect(tasks()).toHaveLength(1);
		});

		test('nocache from the credential and per task both reach the sandbox, and the first poll waits longer', async () => {
			const [fromCredential, fromTask] = await Promise.all([
				run(recaptchaV2({ websiteKey: 'site-key-credential' }), { credentials: { noCache: true } }),
				run(recaptchaV2({ websiteKey: 'site-key-task', additionalFields: { noCache: true } })),
			]);
			expect(fromCredential.status).toBe('success');
			expect(fromTask.status).toBe('success');
			const byKey = (key: string) => tasks().find((task) => task.task.websiteKey === key)!;
			const viaCredential = byKey('site-key-credential');
			const viaTask = byKey('site-key-task');
			if (protocol === 'json') {
				expect(viaCredential.nocache).toEqual({
					viaKeySuffix: true,
					viaTaskField: false,
					viaRuCaptchaParam: false,
				});
				expect(viaTask.nocache).toEqual({
					viaKeySuffix: false,
					viaTaskField: true,
					viaRuCaptchaParam: false,
				});
			} else {
				for (const task of [viaCredential, viaTask]) {
					expect(task.nocache).toEqual({
						viaKeySuffix: false,
						viaTaskField: false,
						viaRuCaptchaParam: true,
					});
					expect(task.clientKey).toBe(API_KEY);
				}
			}
			for (const task of [viaCredential, viaTask])
				expect(task.polls[0] - task.createdAt).toBeGreaterThanOrEqual(10000);
		}, 40000);
	});

	describe('Get Task Result', () => {
		test('a task created without waiting is fetched later by id, token included', async () => {
			const created = await run(recaptchaV2({ options: { waitForResult: false } }));
			const { taskId } = created.items[0].json;
			expect(created.items[0].json).toEqual({
				taskId,
				taskType: 'RecaptchaV2Task',
				status: 'processing',
			});
			const fetched = await run(
				{ resource: 'task', operation: 'getResult' },
				{ items: [{ json: { taskId } }] },
			);
			expect(fetched.status).toBe('success');
			const task = env.sandbox.tasks.get(taskId as number)!;
			expect(fetched.items[0].json).toMatchObject({
				taskId,
				status: 'ready',
				token: task.solution?.gRecaptchaResponse,
			});
		});

		test('an unknown task id fails with ERROR_NO_SUCH_CAPCHA_ID', async () => {
			const result = await run(
				{ resource: 'task', operation: 'getResult', taskId: 999999 },
				{ continueOnFail: true },
			);
			expect(result.items[0].json).toMatchObject({
				errorCode: 'ERROR_NO_SUCH_CAPCHA_ID',
				taskId: 999999,
			});
		});
	});

	describe('Reports and balance', () => {
		test('Report Incorrect Token and Report Incorrect Image confirm a report on a solved task', async () => {
			const token = await run(recaptchaV2());
			const image = await run({
				resource: 'task',
				operation: 'create',
				taskType: 'imageToText',
				imageSource: 'base64',
				imageBase64: IMAGE,
			});
			const tokenTaskId = token.items[0].json.taskId as number;
			const imageTaskId = image.items[0].json.taskId as number;

			const reportedToken = await run({
				resource: 'report',
				operation: 'incorrectToken',
				taskId: tokenTaskId,
			});
			const reportedImage = await run({
				resource: 'report',
				operation: 'incorrectImage',
				taskId: imageTaskId,
			});
			expect(reportedToken.items[0].json).toEqual({
				taskId: tokenTaskId,
				reported: true,
				status: 'success',
			});
			expect(reportedImage.items[0].json).toEqual({
				taskId: imageTaskId,
				reported: true,
				status: 'success',
			});
			expect(env.sandbox.reports.map((report) => report.taskId)).toEqual([
				tokenTaskId,
				imageTaskId,
			]);
			expect(env.sandbox.reports.map((report) => report.method)).toEqual(
				protocol === 'json'
					? ['reportIncorrectTokenCaptcha', 'reportIncorrectImageCaptcha']
					: ['res.php:reportbad', 'res.php:reportbad'],
			);
		});

		test('a refused report names the task id and ERROR_NO_SUCH_CAPCHA_ID', async () => {
			const result = await run({ resource: 'report', operation: 'incorrectToken', taskId: 999999 });
			expect(result.status).toBe('error');
			expect(result.error?.message).toContain('999999');
			expect(result.error?.message).toContain('ERROR_NO_SUCH_CAPCHA_ID');
		});

		test('Get Balance returns the balance as a number, and Fail If Below still applies', async () => {
			env.sandbox.setBalance(API_KEY, 4.25);
			const ok = await run({ resource: 'account', operation: 'getBalance' });
			expect(ok.items).toEqual([{ json: { balance: 4.25 }, pairedItem: { item: 0 } }]);
			const low = await run({
				resource: 'account',
				operation: 'getBalance',
				options: { failIfBelow: 5 },
			});
			expect(low.status).toBe('error');
			expect(low.error?.message).toContain('below 5 USD');
		});

		test('Get Balance with a wrong key fails with ERROR_KEY_DOES_NOT_EXIST', async () => {
			const result = await run(
				{ resource: 'account', operation: 'getBalance' },
				{ credentials: { apiKey: 'not-a-key' } },
			);
			expect(result.status).toBe('error');
			expect(result.error?.message).toContain('ERROR_KEY_DOES_NOT_EXIST');
		});
	});
});

// ---- what goes over the wire ------------------------------------------------------------------

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
