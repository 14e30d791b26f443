/** Tests of the sandbox: The CapMonster Cloud JSON API of the sandbox (jsonApi.ts). */
import axios from 'axios';

import { DEFAULT_USER_AGENT, startSandbox } from './index';
import type { Json } from './testing';
import {
	KEY,
	sleep,
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
