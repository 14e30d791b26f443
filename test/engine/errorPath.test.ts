/**
 * The error path as n8n users meet it, in the real engine against the sandbox: the error output
 * branch, the root cause named, messages that read as sentences, n8n's Retry On Fail without double
 * charges, and answers that cannot hang, lie or leak.
 */
import type { INodeParameters } from 'n8n-workflow';

import { everythingVisible } from '../helpers/engine';
import { createBodies, items, recaptchaV2, useSandbox } from '../helpers/fixtures';

/** Long enough to be treated as a secret, so the leak checks mean something. */
const KEY = 'key-0123456789abcdef';
const env = useSandbox({ keys: [KEY] });

const credentials = (overrides = {}) => env.credentials({ apiKey: KEY, ...overrides });
const run = async (parameters: INodeParameters, options = {}) =>
	await env.run(parameters, { credentials: credentials(), ...options });

/** One distinct page per item, so that no two items send the same task body. */
const pages = (count: number) =>
	items(count, (index) => ({ url: `https://shop.example.com/p/${index}` }));
const perItemPage = (overrides: INodeParameters = {}) =>
	recaptchaV2({ websiteURL: '={{ $json.url }}', ...overrides });

function expectNoKey(text: string): void {
	expect(text).not.toContain(KEY);
	expect(text.toLowerCase()).not.toContain(KEY.toLowerCase());
}

describe('error items', () => {
	test('"Continue (using error output)" sends failed items to the error output, in order, with their fields', async () => {
		env.sandbox.setBalance(KEY, 0.0012); // two tasks' worth: the third createTask is refused
		const result = await run(perItemPage({ options: { maxConcurrentTasks: 1 } }), {
			items: [...pages(2), { json: { url: 'not a url' } }, ...pages(4).slice(3)],
			onError: 'continueErrorOutput',
		});
		expect(result.status).toBe('success');
		expect(result.items.map((item) => [item.pairedItem, item.json.status])).toEqual([
			[{ item: 0 }, 'ready'],
			[{ item: 1 }, 'ready'],
		]);
		expect(result.errorItems.map((item) => item.pairedItem)).toEqual([{ item: 2 }, { item: 3 }]);
		// (In a workflow, n8n also puts the input item's fields beside `error`; the e2e suite shows it.)
		const [invalid, broke] = result.errorItems.map((item) => item.json);
		expect(invalid).toEqual({
			error: {
				message: expect.stringMatching(/Website URL .*\(item 2\)/),
				errorCode: 'INVALID_INPUT',
				hint: expect.any(String),
				description: expect.stringContaining('Nothing was sent'),
			},
		});
		expect(broke).toMatchObject({
			error: {
				errorCode: 'ERROR_ZERO_BALANCE',
				hint: expect.stringContaining('Top up'),
				description: expect.stringContaining('Top up'),
			},
		});
	});

	test('"Continue (regular output)" keeps every item in place with error, errorCode, hint and description', async () => {
		const result = await run(perItemPage(), {
			items: [...pages(1), { json: { url: 'ftp://x' } }, ...pages(3).slice(2)],
			continueOnFail: true,
		});
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(result.errorItems).toEqual([]);
		expect(result.items[1].json).toEqual({
			error: expect.stringMatching(/\(item 1\)$/),
			errorCode: 'INVALID_INPUT',
			hint: expect.any(String),
			description: expect.stringContaining('Nothing was sent'),
		});
		expect(result.items[2].json.status).toBe('ready');
	});
});

describe('the node error names the root cause', () => {
	test.each([
		[
			'an invalid URL',
			{ items: [...pages(3), { json: { url: 'notaurl' } }] },
			/Website URL .*\(item 3\)/,
			/item 0: task \d+/,
		],
		[
			'a zero balance',
			{ items: pages(4), balance: 0.0018 },
			/no balance left \[ERROR_ZERO_BALANCE\]/,
			/item 0: task \d+, item 1: task \d+, item 2: task \d+/,
		],
	])(
		'item 3 fails with %s while items 0–2 are in flight',
		async (_what, setup, message, listed) => {
			env.sandbox.configure({ solveMs: 3000 });
			if ('balance' in setup) env.sandbox.setBalance(KEY, setup.balance as number);
			const result = await run(perItemPage(), { items: setup.items });
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(message);
			expect(result.error?.message).not.toMatch(/Stopped before/);
			// The tasks already created for the other items are listed, so none is lost.
			expect(String(result.error?.description)).toMatch(listed);
		},
	);

	test('a wrong key is reported as such, not as the cancellations it caused', async () => {
		env.sandbox.configure({ solveMs: 3000 });
		const result = await env.run(perItemPage(), {
			items: pages(3),
			credentials: credentials({ apiKey: 'wrong-key-000000' }),
		});
		expect(result.error?.message).toMatch(/ERROR_KEY_DOES_NOT_EXIST/);
	});
});

describe('messages read as sentences', () => {
	test('a CapMonster error: its own words, then what to do, each a sentence', async () => {
		env.sandbox.addFault({
			method: 'createTask',
			kind: 'errorCode',
			errorCode: 'ERROR_RECAPTCHA_INVALID_SITEKEY',
			errorDescription: 'Sitekey has incorrect format',
		});
		const result = await run(recaptchaV2(), { continueOnFail: true });
		expect(result.items[0].json.description).toBe(
			'CapMonster says: Sitekey has incorrect format. Copy the site key again from the page (the data-sitekey attribute, or the k= / render= parameter of the captcha script).',
		);
	});

	test('a dropped connection keeps the node’s own words: which call, what it means for charges', async () => {
		env.sandbox.addFault({ method: 'createTask', kind: 'reset' });
		const result = await run(recaptchaV2(), { continueOnFail: true });
		const json = result.items[0].json;
		expect(json.error).toBe('Could not reach CapMonster (createTask: ECONNRESET)');
		expect(json.description).toContain('may have been created (and charged)');
		expect(json.error).not.toMatch(/retry the request immediately/);
	});
});

describe('untrusted answers', () => {
	test.each([
		['a string', '"12345"'],
		['zero', '0'],
		['a negative number', '-5'],
		['a fraction', '1.5'],
		['null', 'null'],
		['2^53 + 1', '9007199254740993'],
	])(
		'a createTask taskId that is %s is MALFORMED_RESPONSE, never polled',
		async (_what, taskId) => {
			env.sandbox.addFault({
				method: 'createTask',
				kind: 'http',
				status: 200,
				body: `{"errorId":0,"taskId":${taskId}}`,
			});
			const result = await run(recaptchaV2(), { continueOnFail: true });
			expect(result.items[0].json).toMatchObject({
				errorCode: 'MALFORMED_RESPONSE',
				description: expect.stringContaining('may have been created (and charged)'),
			});
			expect(env.sandbox.stats().getTaskResultCalls).toBe(0);
		},
	);

	test.each([
		['null', null],
		['missing', undefined],
		['not an object', 'abc'],
		['an empty object', {}],
		['the answer field empty', { gRecaptchaResponse: '' }],
		['the answer field missing', { somethingElse: 'x' }],
	])(
		'a "ready" answer whose solution is %s is an error, not a success',
		async (_what, solution) => {
			env.sandbox.addFault({
				method: 'getTaskResult',
				kind: 'http',
				status: 200,
				body: { errorId: 0, status: 'ready', ...(solution === undefined ? {} : { solution }) },
			});
			const result = await run(recaptchaV2(), { continueOnFail: true });
			expect(result.items[0].json).toMatchObject({
				errorCode: 'MALFORMED_RESPONSE',
				taskId: expect.any(Number),
			});
			expect(result.items[0].json.token).toBeUndefined();
		},
	);

	test('a balance that is not a number fails, also with Fail If Below', async () => {
		env.sandbox.addFault({
			method: 'getBalance',
			kind: 'http',
			status: 200,
			body: { errorId: 0, balance: 'abc' },
		});
		const result = await run(
			{ resource: 'account', operation: 'getBalance', options: { failIfBelow: 1 } },
			{ continueOnFail: true },
		);
		expect(result.items[0].json).toMatchObject({ errorCode: 'MALFORMED_RESPONSE' });
		expect(result.items[0].json.balance).toBeUndefined();
	});

	test('an answer over 4 MB is refused, and its content does not reach the output', async () => {
		const huge = 'x'.repeat(5 * 1024 * 1024);
		env.sandbox.addFault({
			method: 'getTaskResult',
			kind: 'http',
			status: 200,
			body: { errorId: 0, status: 'ready', solution: { gRecaptchaResponse: huge } },
		});
		const result = await run(recaptchaV2(), { continueOnFail: true });
		expect(result.items[0].json).toMatchObject({ errorCode: 'MALFORMED_RESPONSE' });
		expect(String(result.items[0].json.error)).toContain('larger than 4 MB');
		expect(everythingVisible(result).length).toBeLessThan(100_000);
	});
});

describe('no answer holds an item past its deadline', () => {
	test.each(['createTask', 'getTaskResult'])(
		'a %s answer that drips in a byte a second ends at the Timeout',
		async (method) => {
			env.sandbox.addFault({ method, kind: 'drip', ms: 1000 });
			const result = await run(recaptchaV2({ options: { timeout: 5 } }), { continueOnFail: true });
			expect(result.items[0].json.errorCode).toBe('TIMEOUT');
			expect(result.ms).toBeLessThan(5000 + 1500);
		},
		20000,
	);
});

describe('server text never carries the key', () => {
	test.each([
		['in errorDescription', { method: 'createTask', kind: 'echo' as const }, 'json'],
		[
			'in a redirect’s Location',
			{ method: 'createTask', kind: 'echo' as const, location: 'http://127.0.0.1:1/elsewhere' },
			'json',
		],
		['in RuCaptcha’s error_text', { method: 'in.php', kind: 'echo' as const }, 'rucaptcha'],
	])('an echoing server puts the key %s: the node strips it', async (_where, fault, protocol) => {
		env.sandbox.addFault(fault);
		for (const apiKey of [KEY, `${KEY}__nocache`]) {
			// Without Continue On Fail the node error, with its long description, is in the run data.
			const result = await env.run(recaptchaV2(), {
				credentials: credentials({ apiKey, protocol }),
			});
			expect(result.error?.message).toBeDefined();
			expect(env.sandbox.requests.at(-1)?.fault?.kind).toBe('echo'); // the answer did carry the key
			expectNoKey(everythingVisible(result));
		}
	});
});

describe('n8n’s Retry On Fail creates no task twice', () => {
	test('node error, 3 tries: the tasks of the first try are fetched, not created again', async () => {
		env.sandbox.configure({ solveMs: 300 });
		env.sandbox.setBalance(KEY, 0.0024); // four tasks' worth: item 4 fails on every try
		const result = await run(perItemPage(), {
			items: pages(5),
			retryOnFail: { maxTries: 3, waitBetweenTries: 10 },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/ERROR_ZERO_BALANCE/);
		const stats = env.sandbox.stats();
		expect(stats.tasksCreated).toBe(4);
		expect(stats.duplicateCreates).toBe(0);
		// Items 0–3 once, item 4 once per try (refused, so never charged).
		expect(stats.createTaskCalls).toBe(4 + 3);
		expect(stats.pollViolations).toBe(0);
	}, 30000);

	test('Continue On Fail: a createTask with an unknown outcome is not re-sent; the others are fetched', async () => {
		env.sandbox.addFault({ method: 'createTask', kind: 'http', status: 500, count: 1 });
		const result = await run(perItemPage(), {
			items: pages(5),
			continueOnFail: true,
			retryOnFail: { maxTries: 3, waitBetweenTries: 10 },
		});
		expect(result.items.map((item) => item.json.errorCode ?? item.json.status)).toEqual([
			'CREATE_OUTCOME_UNKNOWN',
			'ready',
			'ready',
			'ready',
			'ready',
		]);
		expect(String(result.items[0].json.description)).toContain('second charge');
		const stats = env.sandbox.stats();
		// Five createTask requests in three tries: the one that got HTTP 500 was never sent again.
		expect(createBodies(env.sandbox)).toHaveLength(5);
		expect(stats.tasksCreated).toBe(4);
		expect(stats.duplicateCreates).toBe(0);
	}, 30000);

	test('a task that failed for good is created anew on the retry', async () => {
		env.sandbox.addFault({
			method: 'getTaskResult',
			kind: 'errorCode',
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
			count: 1,
		});
		const result = await run(recaptchaV2(), {
			continueOnFail: true,
			retryOnFail: { maxTries: 2, waitBetweenTries: 10 },
		});
		expect(result.items[0].json.status).toBe('ready');
		expect(env.sandbox.stats().tasksCreated).toBe(2);
	}, 30000);
});

describe('several items checking one task', () => {
	test('keep at least 2 s between checks of that task', async () => {
		const created = await run(recaptchaV2({ options: { waitForResult: false } }));
		const taskId = created.items[0].json.taskId as number;
		const result = await run(
			{
				resource: 'task',
				operation: 'getResult',
				taskId: String(taskId),
				options: { waitUntilReady: false },
			},
			{ items: items(3) },
		);
		expect(result.items.map((item) => item.json.taskId)).toEqual([taskId, taskId, taskId]);
		const stats = env.sandbox.stats();
		expect(stats.pollViolations).toBe(0);
		expect(stats.minPollGapMs).toBeGreaterThanOrEqual(2000);
	}, 30000);
});
