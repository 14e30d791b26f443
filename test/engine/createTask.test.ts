/**
 * Create Task in the real engine against the sandbox: the solve loop, its output, the polling
 * limits, nocache, Continue On Fail, cancellation and the API key staying secret.
 */
import { API_KEY, createBodies, items, recaptchaV2, useSandbox } from '../helpers/fixtures';
import { everythingVisible } from '../helpers/engine';

const env = useSandbox();

describe('Create Task', () => {
	test('solves a reCAPTCHA v2 and returns everything the next node needs', async () => {
		const run = await env.run(recaptchaV2());

		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(1);
		const [item] = run.items;
		expect(item.pairedItem).toEqual({ item: 0 });
		const task = [...env.sandbox.tasks.values()][0];
		expect(item.json).toMatchObject({
			taskId: task.id,
			taskType: 'RecaptchaV2Task',
			status: 'ready',
			token: task.solution?.gRecaptchaResponse,
			solution: task.solution,
			cost: task.cost,
		});
		expect(typeof item.json.token).toBe('string');
		expect(createBodies(env.sandbox)).toEqual([
			{
				clientKey: API_KEY,
				task: {
					type: 'RecaptchaV2Task',
					websiteURL: 'https://shop.example.com/login',
					websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
				},
			},
		]);
		expect(task.warnings).toEqual([]);
	});

	test('reCAPTCHA v3 sends minScore as a number and pageAction, and no proxy fields', async () => {
		const run = await env.run({
			resource: 'task',
			operation: 'create',
			taskType: 'recaptchaV3',
			websiteURL: 'https://example.com/checkout',
			websiteKey: '6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf',
			additionalFields: { minScore: 0.7, pageAction: 'checkout' },
		});
		expect(run.status).toBe('success');
		expect(createBodies(env.sandbox)[0].task).toEqual({
			type: 'RecaptchaV3TaskProxyless',
			websiteURL: 'https://example.com/checkout',
			websiteKey: '6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf',
			minScore: 0.7,
			pageAction: 'checkout',
		});
		expect([...env.sandbox.tasks.values()][0].warnings).toEqual([]);
	});

	test('solves Image to Text from an n8n binary property', async () => {
		const { renderCaptchaPng, answerForImage } = await import('../sandbox');
		const png = renderCaptchaPng('K7PX2M');
		const run = await env.run(
			{
				resource: 'task',
				operation: 'create',
				taskType: 'imageToText',
				imageSource: 'binary',
				binaryPropertyName: 'data',
			},
			{
				items: [
					{
						json: {},
						binary: {
							data: {
								data: png.toString('base64'),
								mimeType: 'image/png',
								fileName: 'captcha.png',
							},
						},
					},
				],
			},
		);
		expect(run.status).toBe('success');
		expect(run.items[0].json.token).toBe(answerForImage(png));
		expect(createBodies(env.sandbox)[0].task).toEqual({
			type: 'ImageToTextTask',
			body: png.toString('base64'),
		});
	});

	test('polls within the documented limits: first poll after the type delay, then at least 2 s apart', async () => {
		env.sandbox.configure({ solveMs: 4500 });
		const run = await env.run(recaptchaV2());
		expect(run.status).toBe('success');
		const task = [...env.sandbox.tasks.values()][0];
		const gaps = task.polls.slice(1).map((at, i) => at - task.polls[i]);
		expect(task.polls.length).toBeGreaterThanOrEqual(3);
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(2000);
		expect(task.polls[0] - task.createdAt).toBeGreaterThanOrEqual(1000);
		// Delivered within one interval of becoming ready.
		expect((task.deliveredAt ?? Infinity) - (task.readyAt ?? 0)).toBeLessThanOrEqual(2200);
		expect(env.sandbox.stats().pollViolations).toBe(0);
	});

	test('nocache from the credential is sent as the documented key suffix, exactly once', async () => {
		const keys = [API_KEY, `${API_KEY}__nocache`, `${API_KEY}__recognizingthreshold_70`];
		const runs = await Promise.all(
			keys.map(
				async (apiKey) =>
					await env.run(recaptchaV2(), { credentials: env.credentials({ apiKey, noCache: true }) }),
			),
		);
		for (const run of runs) expect(run.status).toBe('success');
		const sentKeys = createBodies(env.sandbox)
			.map((body) => body.clientKey)
			.sort();
		expect(sentKeys).toEqual([
			`${API_KEY}__nocache`,
			`${API_KEY}__nocache`,
			`${API_KEY}__recognizingthreshold_70__nocache`,
		]);
		for (const task of env.sandbox.tasks.values()) expect(task.nocache.viaKeySuffix).toBe(true);
	}, 30000);

	test('nocache per task is sent as task.nocache, and the first poll waits longer', async () => {
		const run = await env.run(recaptchaV2({ additionalFields: { noCache: true } }));
		expect(run.status).toBe('success');
		const task = [...env.sandbox.tasks.values()][0];
		expect(task.nocache).toMatchObject({ viaTaskField: true, viaKeySuffix: false });
		expect(createBodies(env.sandbox)[0].clientKey).toBe(API_KEY);
		expect(task.polls[0] - task.createdAt).toBeGreaterThanOrEqual(10000);
	}, 30000);

	test('an unsolvable captcha fails with the code, a hint and the task id', async () => {
		const run = await env.run(recaptchaV2({ websiteKey: 'sandbox:unsolvable' }));
		expect(run.status).toBe('error');
		expect(run.error?.message).toContain('ERROR_CAPTCHA_UNSOLVABLE');
		expect(String(run.error?.description)).toMatch(/No Cache/);
		expect(run.items).toEqual([]);
	});

	test('Retry Unsolvable creates exactly one new task', async () => {
		const run = await env.run(
			recaptchaV2({ websiteKey: 'sandbox:unsolvable-once', options: { retryUnsolvable: true } }),
		);
		expect(run.status).toBe('success');
		expect(env.sandbox.stats().tasksCreated).toBe(2);
		expect(run.items[0].json.taskId).toBe(Math.max(...env.sandbox.tasks.keys()));
	});

	test('Continue On Fail: a failed item becomes an error item in place, the others solve', async () => {
		const run = await env.run(recaptchaV2({ websiteKey: '={{ $json.key }}' }), {
			continueOnFail: true,
			items: items(3, (i) => ({ key: i === 1 ? 'sandbox:unsolvable' : `site-key-${i}` })),
		});
		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(run.items[0].json.status).toBe('ready');
		expect(run.items[1].json).toMatchObject({
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
			taskId: expect.any(Number),
			hint: expect.stringContaining('No Cache'),
			error: expect.stringContaining('could not solve'),
		});
		expect(run.items[2].json.status).toBe('ready');
	});

	test('without Continue On Fail the node error names the item and the tasks created for other items', async () => {
		const run = await env.run(recaptchaV2({ websiteKey: '={{ $json.key }}' }), {
			items: items(3, (i) => ({ key: i === 2 ? 'sandbox:unsolvable' : `site-key-${i}` })),
		});
		expect(run.status).toBe('error');
		expect(run.error?.message).toContain('ERROR_CAPTCHA_UNSOLVABLE');
		expect(run.error?.context).toMatchObject({ itemIndex: 2 });
		const created = [...env.sandbox.tasks.values()].filter(
			(t) => !t.task.websiteKey?.toString().includes('unsolvable'),
		);
		for (const task of created) expect(String(run.error?.description)).toContain(`task ${task.id}`);
	});

	test('gives up at the timeout with a clear error that says how to fetch the result later', async () => {
		const run = await env.run(
			recaptchaV2({ websiteKey: 'sandbox:never', options: { timeout: 4 } }),
		);
		expect(run.status).toBe('error');
		// The time actually waited, and why it stopped (not merely the configured Timeout).
		expect(run.error?.message).toMatch(
			/^No solution from CapMonster after \d+(\.\d)? s \(task \d+\): the next check would fall after the time limit of 4 s \(\d+ checks?\)$/,
		);
		expect(String(run.error?.description)).toContain('Get Task Result');
		expect(run.ms).toBeLessThan(6000);
		expect(env.sandbox.stats().pollViolations).toBe(0);
	});

	test('stops polling when the execution is cancelled', async () => {
		const run = await env.run(recaptchaV2({ websiteKey: 'sandbox:never' }), {
			cancelAfterMs: 2500,
		});
		const requestsAtCancel = env.sandbox.requests.length;
		expect(run.ms).toBeLessThan(4000);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect(env.sandbox.requests.length).toBe(requestsAtCancel);
	});

	test('a wrong API key fails with CapMonster’s code and a hint, and the key is nowhere in the run', async () => {
		const secret = 'wrong-secret-key-3f9c2a';
		const run = await env.run(recaptchaV2(), {
			credentials: env.credentials({ apiKey: secret, noCache: true }),
		});
		expect(run.status).toBe('error');
		expect(run.error?.message).toContain('ERROR_KEY_DOES_NOT_EXIST');
		expect(String(run.error?.description)).toContain('check the API key'.replace('check', 'Check'));
		expect(everythingVisible(run)).not.toContain(secret);
		expect(env.sandbox.stats().createTaskCalls).toBe(1);
	});

	test('the key does not appear in successful output either', async () => {
		const run = await env.run(recaptchaV2(), { items: items(2) });
		expect(run.status).toBe('success');
		expect(everythingVisible(run)).not.toContain(API_KEY);
	});
});
