/** Tests of the sandbox: Fault injection (faults.ts, faultReplies.ts). */
import axios from 'axios';

import { startSandbox } from './index';
import { KEY, sleep, sandbox, api, call, create, createOk, v2, useSandbox } from './testing';

useSandbox();

describe('fault injection', () => {
	it('http faults replace the answer without processing (phase before)', async () => {
		sandbox.addFault({ method: 'createTask', kind: 'http', status: 503, count: 1 });
		const failed = await api.post('/createTask', { clientKey: KEY, task: v2() });
		expect(failed.status).toBe(503);
		expect(sandbox.stats().tasksCreated).toBe(0);
		expect((await api.post('/createTask', { clientKey: KEY, task: v2() })).status).toBe(200); // count expired
		sandbox.addFault({ method: 'getBalance', kind: 'http', status: 429, count: 1 });
		const limited = await api.post('/getBalance', { clientKey: KEY });
		expect(limited.status).toBe(429);
		expect(limited.data).toMatchObject({ errorId: 1, errorCode: 'ERROR_TOO_MUCH_REQUESTS' });
		sandbox.addFault({
			method: 'getBalance',
			kind: 'http',
			status: 502,
			body: { custom: true },
			count: 1,
		});
		expect((await api.post('/getBalance', { clientKey: KEY })).data).toEqual({ custom: true });
		expect(sandbox.requests.filter((entry) => entry.fault).map((entry) => entry.status)).toEqual([
			503, 429, 502,
		]);
	});

	it('phase after processes the request, then replaces the answer (a task exists the client never learns of)', async () => {
		sandbox.addFault({ method: 'createTask', kind: 'http', status: 500, phase: 'after', count: 1 });
		expect((await api.post('/createTask', { clientKey: KEY, task: v2() })).status).toBe(500);
		expect(sandbox.stats().tasksCreated).toBe(1);
		await createOk(v2());
		expect(sandbox.stats().duplicateCreates).toBe(1);
	});

	it('reset, refuse, malformed, errorCode and delay', async () => {
		sandbox.addFault({ method: 'getBalance', kind: 'reset', count: 1 });
		await expect(api.post('/getBalance', { clientKey: KEY })).rejects.toThrow();
		sandbox.addFault({ method: 'getBalance', kind: 'refuse', count: 1 });
		await expect(api.post('/getBalance', { clientKey: KEY })).rejects.toThrow();
		sandbox.addFault({ method: 'getBalance', kind: 'malformed', count: 1 });
		const malformed = await api.post(
			'/getBalance',
			{ clientKey: KEY },
			{ transitional: { silentJSONParsing: true }, responseType: 'text' },
		);
		expect(() => JSON.parse(malformed.data as string)).toThrow();
		sandbox.addFault({
			method: 'createTask',
			kind: 'errorCode',
			errorCode: 'ERROR_NO_SLOT_AVAILABLE',
			count: 1,
		});
		expect(await create(v2())).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_NO_SLOT_AVAILABLE',
			taskId: 0,
		});
		sandbox.addFault({ method: '*', kind: 'delay', ms: 150, count: 1 });
		const started = Date.now();
		expect(await call('getBalance', { clientKey: KEY })).toMatchObject({ errorId: 0 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(sandbox.faults()).toEqual([]);
	});

	it('hang never answers; pause hangs everything until resume; close() still returns promptly', async () => {
		const own = await startSandbox({ keys: [KEY] });
		const client = axios.create({ baseURL: own.url, timeout: 200, validateStatus: () => true });
		own.addFault({ method: 'getTaskResult', kind: 'hang' });
		await expect(client.post('/getTaskResult', { clientKey: KEY, taskId: 1 })).rejects.toThrow(
			/timeout/,
		);
		expect((await client.post('/getBalance', { clientKey: KEY })).data).toEqual({
			errorId: 0,
			balance: 10,
		});
		own.pause();
		await expect(client.post('/getBalance', { clientKey: KEY })).rejects.toThrow(/timeout/);
		expect((await client.get('/__control/stats')).status).toBe(200); // control still answers
		own.resume();
		expect((await client.post('/getBalance', { clientKey: KEY })).data).toEqual({
			errorId: 0,
			balance: 10,
		});
		// Leave a request hanging, then close.
		const hanging = client
			.post('/getTaskResult', { clientKey: KEY, taskId: 1 }, { timeout: 10000 })
			.catch((error: Error) => error);
		await sleep(50);
		const started = Date.now();
		await own.close();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await hanging).toBeInstanceOf(Error);
	});

	it('probability faults are deterministic for a seed', async () => {
		const outcomes = async (): Promise<number[]> => {
			const own = await startSandbox({ keys: [KEY], seed: 7 });
			own.addFault({ method: 'getBalance', kind: 'http', status: 503, probability: 0.5 });
			const statuses: number[] = [];
			for (let i = 0; i < 20; i++)
				statuses.push(
					(
						await axios.post(
							`${own.url}/getBalance`,
							{ clientKey: KEY },
							{ validateStatus: () => true },
						)
					).status,
				);
			await own.close();
			return statuses;
		};
		const first = await outcomes();
		expect(first).toEqual(await outcomes());
		expect(first).toContain(503);
		expect(first).toContain(200);
	});
});
