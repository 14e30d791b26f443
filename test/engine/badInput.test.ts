/**
 * Bad input costs nothing: each malformed value fails with an error that names the field and the
 * item, no request reaches CapMonster, and under Continue On Fail the other items still run.
 * (Empty values come from expressions: n8n itself refuses to start a workflow with an empty required field.)
 */
import { createBodies, recaptchaV2, useSandbox } from '../helpers/fixtures';
import { CASES, type Case } from './badInput/cases';
import { EDGES } from './badInput/edges';

const env = useSandbox();

describe('bad input is stopped before any request', () => {
	test(`the matrix has at least 40 cases (${CASES.length})`, () => {
		expect(CASES.length).toBeGreaterThanOrEqual(40);
	});

	// Rest parameters keep the callback's arity at 0: jest would read a fourth parameter as `done`.
	test.each([...CASES, ...EDGES])('%s', async (...testCase: Case) => {
		const [, parameters, field, input] = testCase;
		const run = await env.run(parameters, { items: [input ?? { json: {} }] });
		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(field);
		expect(run.error?.message).toContain('(item 0)');
		expect(run.error?.context).toMatchObject({ itemIndex: 0 });
		expect(env.sandbox.requests).toHaveLength(0);
	});

	test('under Continue On Fail, bad items become error items and the good ones are solved', async () => {
		const run = await env.run(recaptchaV2({ websiteURL: '={{ $json.url }}' }), {
			continueOnFail: true,
			items: [
				{ json: { url: 'https://example.com/a' } },
				{ json: { url: 'example.com' } },
				{ json: { url: 'https://example.com/c' } },
				{ json: {} },
			],
		});
		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.json.status ?? item.json.errorCode)).toEqual([
			'ready',
			'INVALID_INPUT',
			'ready',
			'INVALID_INPUT',
		]);
		expect(run.items[1].json.error).toBe(
			'Website URL must be a full http:// or https:// URL, got "example.com" (item 1)',
		);
		expect(run.items[3].json.error).toBe('Website URL is required (item 3)');
		expect(env.sandbox.stats().createTaskCalls).toBe(2);
	});

	test('Max Concurrent Tasks outside 1–100 fails before any request', async () => {
		for (const value of [0, 101, 2.5]) {
			const run = await env.run(recaptchaV2({ options: { maxConcurrentTasks: value } }));
			expect(run.error?.message).toMatch(
				/Max Concurrent Tasks must be a whole number from 1 to 100/,
			);
		}
		expect(env.sandbox.requests).toHaveLength(0);
	});
});

describe('input edges name their own item', () => {
	test('under Continue On Fail each bad item names its field and its index, and nothing is sent', async () => {
		const run = await env.run(
			recaptchaV2({
				websiteURL: '={{ $json.url ?? "https://shop.example.com/login" }}',
				websiteKey: '={{ $json.key ?? "site-key" }}',
				proxyInput: 'url',
				proxyUrl: '={{ $json.proxy ?? "http://203.0.113.7:8080" }}',
				options: {
					callbackUrl: '={{ $json.callback ?? "" }}',
					timeout: '={{ $json.timeout ?? 0 }}',
				},
			}),
			{
				continueOnFail: true,
				items: [
					{ json: { url: 'http:/example.com' } },
					{ json: { key: '\u200B\u200B' } },
					{ json: { proxy: 'http://user:p%zz@203.0.113.7:8080' } },
					{ json: { callback: 42 } },
					{ json: { timeout: 0.5 } },
					{ json: { proxy: 'http://203.0.113.7:8080#@198.51.100.1:3128' } },
				],
			},
		);
		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.json.error)).toEqual([
			'Website URL must start with http:// or https:// and then the host name, got "http:/example.com" (item 0)',
			'Website Key contains only invisible characters (such as zero-width spaces); paste the value again (item 1)',
			'Proxy URL has a broken percent-escape in the login or password; write a % sign as %25 (item 2)',
			'Callback URL must be a full http:// or https:// URL, got "42" (item 3)',
			'Timeout must be more than 1 second for this task type, got 0.5 (item 4)',
			'Proxy URL contains "#", which ends the address part of a URL; in a login or password write it as %23 (item 5)',
		]);
		expect(run.items.map((item) => item.json.errorCode)).toEqual(Array(6).fill('INVALID_INPUT'));
		expect(env.sandbox.requests).toHaveLength(0);
	});

	test('proxy errors never echo the proxy URL or its password', async () => {
		for (const proxyUrl of [
			'http://alice:s3cr%zzet@203.0.113.7:8080',
			'http://alice:s3cr#et@203.0.113.7:8080',
			'http://alice:8080#s3cret@203.0.113.7:3128',
			'http://alice:8080?s3cret@203.0.113.7:3128',
			'http://alice:8080/s3cret@203.0.113.7:3128',
		]) {
			const run = await env.run(recaptchaV2({ proxyInput: 'url', proxyUrl }));
			expect(run.error?.message).toMatch(/^Proxy URL /);
			// (The stored error also carries the node's parameters; the message and description must not.)
			expect(`${run.error?.message} ${run.error?.description}`).not.toMatch(
				/s3cr|alice|203\.0\.113\.7/,
			);
		}
		for (const proxyAddress of ['alice:s3cret@203.0.113.7', 'socks5://alice:s3cret@203.0.113.7']) {
			const run = await env.run(
				recaptchaV2({ proxyInput: 'fields', proxyAddress, proxyPort: 8080, proxyType: 'http' }),
			);
			expect(run.error?.message).toMatch(/^Proxy Address /);
			expect(`${run.error?.message} ${run.error?.description}`).not.toMatch(/s3cr|alice/);
		}
		expect(env.sandbox.requests).toHaveLength(0);
	});
});

describe('input edges that are accepted send exactly what was checked', () => {
	test('a website key with invisible characters around it is sent without them', async () => {
		const run = await env.run(recaptchaV2({ websiteKey: '\u200B\uFEFFsite-key\u2060\u200B' }));
		expect(run.status).toBe('success');
		expect(createBodies(env.sandbox)[0].task?.websiteKey).toBe('site-key');
	});

	test('a website URL is sent as written when it passed the check', async () => {
		const websiteURL = 'https://Shop.Example.com/login?next=%2Fcart#top';
		const run = await env.run(recaptchaV2({ websiteURL: `  ${websiteURL}\n` }));
		expect(run.status).toBe('success');
		expect(createBodies(env.sandbox)[0].task?.websiteURL).toBe(websiteURL);
	});

	test('a Callback URL from an expression with spaces around it is sent trimmed', async () => {
		const run = await env.run(
			recaptchaV2({
				options: { waitForResult: false, callbackUrl: '={{ "  https://hooks.example.com/r  " }}' },
			}),
		);
		expect(run.status).toBe('success');
		expect(createBodies(env.sandbox)[0].callbackUrl).toBe('https://hooks.example.com/r');
	});

	test('a Callback URL expression that gives null or an empty string sends no callback', async () => {
		for (const callbackUrl of ['={{ null }}', '={{ "" }}', '={{ $json.none }}']) {
			const run = await env.run(recaptchaV2({ options: { waitForResult: false, callbackUrl } }));
			expect(run.status).toBe('success');
		}
		expect(createBodies(env.sandbox).map((body) => 'callbackUrl' in body)).toEqual([
			false,
			false,
			false,
		]);
	});

	test('a short Timeout is accepted when the node does not wait for the result', async () => {
		const run = await env.run(recaptchaV2({ options: { waitForResult: false, timeout: 0.5 } }));
		expect(run.status).toBe('success');
		expect(run.items[0].json.status).toBe('processing');
		expect(env.sandbox.stats().createTaskCalls).toBe(1);
	});

	test('a Timeout just above the first check is accepted', async () => {
		const run = await env.run(recaptchaV2({ options: { timeout: 3 } }));
		expect(run.status).toBe('success');
		expect(run.items[0].json.status).toBe('ready');
	});

	test('the largest safe task id is polled exactly', async () => {
		const run = await env.run({
			resource: 'task',
			operation: 'getResult',
			taskId: '9007199254740991',
			options: { waitUntilReady: false },
		});
		expect(run.status).toBe('error');
		const polls = env.sandbox.requests.filter((entry) => entry.method === 'getTaskResult');
		expect(polls.map((entry) => (entry.body as { taskId?: unknown }).taskId)).toEqual([
			9007199254740991,
		]);
	});
});
