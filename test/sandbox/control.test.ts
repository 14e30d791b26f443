/** Tests of the sandbox: The /__control endpoints (control.ts). */

import type { Json } from './testing';
import { KEY, api, call, createOk, v2, useSandbox } from './testing';

useSandbox();

describe('control endpoints', () => {
	it('configure, faults, balance, tasks, requests, reset over HTTP; control calls are not logged', async () => {
		expect(
			(await api.post('/__control/configure', { solveMs: 5, minPollGapMs: 0 })).data,
		).toMatchObject({ ok: true });
		expect((await api.post('/__control/balance', { key: KEY, balance: 3 })).data).toMatchObject({
			ok: true,
		});
		expect(await call('getBalance', { clientKey: KEY })).toEqual({ errorId: 0, balance: 3 });
		const taskId = await createOk(v2());
		const tasks = (await api.get('/__control/tasks')).data as Json[];
		expect(tasks).toEqual([expect.objectContaining({ id: taskId, solveMs: 5, warnings: [] })]);
		expect(
			(await api.post('/__control/faults', { method: 'getBalance', kind: 'http', status: 500 }))
				.data,
		).toMatchObject({ ok: true });
		expect((await api.post('/getBalance', { clientKey: KEY })).status).toBe(500);
		expect((await api.delete('/__control/faults')).data).toEqual({ ok: true });
		expect((await api.post('/getBalance', { clientKey: KEY })).status).toBe(200);
		expect((await api.post('/__control/faults', { kind: 'nonsense' })).status).toBe(400);
		const requests = (await api.get('/__control/requests')).data as Json[];
		expect(requests.map((entry) => entry.method)).toEqual([
			'getBalance',
			'createTask',
			'getBalance',
			'getBalance',
		]);
		expect(requests[1]).toMatchObject({
			path: '/createTask',
			httpMethod: 'POST',
			status: 200,
			body: { clientKey: KEY },
			response: { errorId: 0, taskId },
		});
		expect((await api.get('/__control/stats')).data).toMatchObject({
			requests: 4,
			tasksCreated: 1,
			balanceByKey: { [KEY]: 2.9994 },
		});
		expect((await api.post('/__control/reset')).data).toEqual({ ok: true });
		expect((await api.get('/__control/stats')).data).toMatchObject({
			requests: 0,
			tasksCreated: 0,
			balanceByKey: { [KEY]: 10 },
		});
	});
});
