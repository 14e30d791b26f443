/**
 * The credential's Protocol option: the same operations, inputs and outputs over the JSON API and
 * over the RuCaptcha-compatible in.php / res.php, in the real engine against the sandbox, through
 * a recording relay (test/helpers/relay.ts). What goes over the wire with the RuCaptcha protocol,
 * and the credential test, are in rucaptchaWire.test.ts.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { everythingVisible } from '../helpers/engine';
import { API_KEY, recaptchaV2, useSandbox } from '../helpers/fixtures';
import { IMAGE, PROXY, useRelay, type Protocol, type RunOptions } from '../helpers/relay';
import { answerForImage } from '../sandbox';

const env = useSandbox();
const { wire, credentials, tasks } = useRelay(env);

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
