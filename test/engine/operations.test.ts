/**
 * Report Incorrect Token / Image, Get Task Result, Get Balance, Get User Agent, and Create Task
 * without waiting (with a callback URL), in the real engine against the sandbox.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createBodies, items, recaptchaV2, useSandbox } from '../helpers/fixtures';

const env = useSandbox();

async function solvedTaskId(parameters = recaptchaV2()): Promise<number> {
	const run = await env.run(parameters);
	expect(run.status).toBe('success');
	return run.items[0].json.taskId as number;
}

describe('Report Incorrect Token', () => {
	test('reports a solved token task, chained with {{ $json.taskId }}', async () => {
		const taskId = await solvedTaskId();
		const run = await env.run(
			{ resource: 'report', operation: 'incorrectToken' },
			{ items: [{ json: { taskId } }] },
		);
		expect(run.status).toBe('success');
		expect(run.items).toEqual([
			{ json: { taskId, reported: true, status: 'success' }, pairedItem: { item: 0 } },
		]);
		expect(env.sandbox.tasks.get(taskId)?.reports).toHaveLength(1);
		expect(env.sandbox.requests.at(-1)?.method).toBe('reportIncorrectTokenCaptcha');
	});

	test('a refused report names the task id', async () => {
		const run = await env.run({ resource: 'report', operation: 'incorrectToken', taskId: 999999 });
		expect(run.status).toBe('error');
		expect(run.error?.message).toContain('999999');
		expect(run.error?.message).toContain('ERROR_NO_SUCH_CAPCHA_ID');
	});

	test('a task id that is not a positive integer fails before any request, item by item under Continue On Fail', async () => {
		const run = await env.run(
			{ resource: 'report', operation: 'incorrectToken' },
			{
				continueOnFail: true,
				items: [
					{ json: { taskId: 'abc' } },
					{ json: { taskId: -5 } },
					{ json: {} },
					{ json: { taskId: 1.5 } },
				],
			},
		);
		expect(run.items).toHaveLength(4);
		for (const item of run.items) expect(item.json.error).toMatch(/Task ID .*\(item \d\)/);
		expect(env.sandbox.requests).toHaveLength(0);
	});
});

describe('Report Incorrect Image', () => {
	test('reports a solved image task, and refuses a token task', async () => {
		const { renderCaptchaPng } = await import('../sandbox');
		const image = renderCaptchaPng('AB12CD').toString('base64');
		const imageTask = await solvedTaskId({
			resource: 'task',
			operation: 'create',
			taskType: 'imageToText',
			imageSource: 'base64',
			imageBase64: image,
		});
		const ok = await env.run({
			resource: 'report',
			operation: 'incorrectImage',
			taskId: String(imageTask),
		});
		expect(ok.items[0].json).toEqual({ taskId: imageTask, reported: true, status: 'success' });

		const tokenTask = await solvedTaskId();
		const refused = await env.run(
			{ resource: 'report', operation: 'incorrectImage', taskId: tokenTask },
			{ continueOnFail: true },
		);
		expect(refused.items[0].json).toMatchObject({
			taskId: tokenTask,
			errorCode: 'ERROR_NO_SUCH_CAPCHA_ID',
		});
	});
});

describe('Get Task Result', () => {
	test('single check returns processing, then waiting returns the same shape as Create Task', async () => {
		env.sandbox.configure({ solveMs: 3000 });
		const created = await env.run(recaptchaV2({ options: { waitForResult: false } }));
		const { taskId } = created.items[0].json;
		expect(created.items[0].json).toEqual({
			taskId,
			taskType: 'RecaptchaV2Task',
			status: 'processing',
		});

		const once = await env.run(
			{ resource: 'task', operation: 'getResult', options: { waitUntilReady: false } },
			{ items: [{ json: { taskId } }] },
		);
		expect(once.items[0].json).toEqual({ taskId, taskType: null, status: 'processing' });

		// The node cannot see checks made by another node: a workflow leaves 2 s between them (e.g. a Wait node).
		await new Promise((resolve) => setTimeout(resolve, 2000));

		const waited = await env.run(
			{ resource: 'task', operation: 'getResult' },
			{ items: [{ json: { taskId } }] },
		);
		const task = env.sandbox.tasks.get(taskId as number)!;
		expect(waited.items[0].json).toMatchObject({
			taskId,
			status: 'ready',
			token: task.solution?.gRecaptchaResponse,
			solution: task.solution,
		});
		expect(env.sandbox.stats().pollViolations).toBe(0);
	});
});

describe('Create Task with a callback URL', () => {
	test('returns at once, sends callbackUrl, and CapMonster posts the finished result there', async () => {
		const received: unknown[] = [];
		const receiver = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push(JSON.parse(body));
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook-waiting/42`;
		try {
			env.sandbox.configure({ solveMs: 500 });
			const run = await env.run(recaptchaV2({ options: { waitForResult: false, callbackUrl } }));
			expect(run.items[0].json.status).toBe('processing');
			expect(run.ms).toBeLessThan(1000);
			expect(createBodies(env.sandbox)[0].callbackUrl).toBe(callbackUrl);
			await new Promise((resolve) => setTimeout(resolve, 1500));
			const task = env.sandbox.tasks.get(run.items[0].json.taskId as number)!;
			expect(received).toEqual([
				expect.objectContaining({ status: 'ready', solution: task.solution }),
			]);
			expect(env.sandbox.stats().getTaskResultCalls).toBe(0);
		} finally {
			receiver.close();
		}
	});

	test('a callback URL that is not http(s) fails before any request', async () => {
		const run = await env.run(
			recaptchaV2({ options: { waitForResult: false, callbackUrl: 'ftp://example.com/hook' } }),
		);
		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/Callback URL must be a full http/);
		expect(env.sandbox.requests).toHaveLength(0);
	});
});

describe('Get Balance', () => {
	test('returns the balance in USD', async () => {
		env.sandbox.setBalance('test-key', 12.3456);
		const run = await env.run({ resource: 'account', operation: 'getBalance' });
		expect(run.items).toEqual([{ json: { balance: 12.3456 }, pairedItem: { item: 0 } }]);
	});

	test('Fail If Below stops the workflow with a clear message', async () => {
		env.sandbox.setBalance('test-key', 0.5);
		const run = await env.run({
			resource: 'account',
			operation: 'getBalance',
			options: { failIfBelow: 2 },
		});
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('CapMonster balance 0.5 USD is below 2 USD');
		const ok = await env.run({
			resource: 'account',
			operation: 'getBalance',
			options: { failIfBelow: 0.25 },
		});
		expect(ok.items[0].json).toEqual({ balance: 0.5 });
	});
});

describe('Get User Agent', () => {
	test('returns the recommended user agent, from the base URL’s host when it is not CapMonster Cloud', async () => {
		const run = await env.run(
			{ resource: 'account', operation: 'getUserAgent' },
			{ items: items(2) },
		);
		expect(run.items.map((item) => item.json.userAgent)).toEqual([
			env.sandbox.options.userAgent,
			env.sandbox.options.userAgent,
		]);
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
