/** Tests of the sandbox: The service rules in state.ts: polling limits, outcome control, reports, scale. */
import axios from 'axios';
import * as http from 'node:http';

import type { Json } from './testing';
import {
	KEY,
	OTHER_KEY,
	sleep,
	pngBase64,
	sandbox,
	api,
	call,
	create,
	createOk,
	result,
	v2,
	useSandbox,
} from './testing';

useSandbox();

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
