/** Tests of the sandbox: callbackUrl POSTs (callbacks.ts). */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Json } from './testing';
import { KEY, sleep, sandbox, call, createOk, v2, useSandbox } from './testing';

useSandbox();

describe('callbacks', () => {
	let receiver: http.Server;
	let receiverUrl: string;
	const received: { url: string; body: Json }[] = [];

	beforeAll(async () => {
		receiver = http.createServer((req, res) => {
			let data = '';
			req.on('data', (chunk: Buffer) => (data += chunk.toString()));
			req.on('end', () => {
				received.push({ url: req.url ?? '', body: JSON.parse(data) as Json });
				if (req.url?.includes('slow')) return; // never answer: the sandbox must time out
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		receiver.closeAllConnections();
		await new Promise((resolve) => receiver.close(resolve));
	});

	it('POSTs the getTaskResult body (without taskId) to callbackUrl when the task finishes', async () => {
		const ok = await createOk(v2(), { callbackUrl: `${receiverUrl}/cb?item=1` });
		const failed = await createOk(v2({ websiteKey: 'sandbox:unsolvable' }), {
			callbackUrl: `${receiverUrl}/cb?item=2`,
		});
		for (let i = 0; i < 100 && received.length < 2; i++) await sleep(10);
		const first = received.find((entry) => entry.url === '/cb?item=1')!;
		expect(first.body).toMatchObject({
			errorId: 0,
			status: 'ready',
			solution: { gRecaptchaResponse: expect.any(String) },
		});
		expect(first.body).not.toHaveProperty('taskId');
		expect(first.body).toEqual(await call('getTaskResult', { clientKey: KEY, taskId: ok }));
		expect(received.find((entry) => entry.url === '/cb?item=2')!.body).toMatchObject({
			errorId: 1,
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
		});
		await sleep(20);
		expect(sandbox.tasks.get(ok)!.callbacks).toEqual([
			expect.objectContaining({ url: `${receiverUrl}/cb?item=1`, status: 200 }),
		]);
		expect(sandbox.tasks.get(failed)!.callbacks[0]).toMatchObject({ status: 200 });
	});

	it('gives up on a callback receiver after 2 s', async () => {
		const taskId = await createOk(v2(), { callbackUrl: `${receiverUrl}/slow` });
		await sleep(2300);
		expect(received.some((entry) => entry.url === '/slow')).toBe(true);
		expect(sandbox.tasks.get(taskId)!.callbacks[0]).toMatchObject({
			error: 'timeout after 2000 ms',
		});
	});

	it('records callback failures and never calls non-loopback hosts', async () => {
		const refused = await createOk(v2(), { callbackUrl: 'http://127.0.0.1:1/cb' });
		const external = await createOk(v2({ websiteKey: 'x' }), {
			callbackUrl: 'http://example.com/cb',
		});
		await sleep(200);
		expect(sandbox.tasks.get(refused)!.callbacks[0].error).toMatch(/ECONNREFUSED/);
		expect(sandbox.tasks.get(external)!.callbacks[0].error).toMatch(/loopback/);
	});
});
