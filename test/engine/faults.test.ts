/**
 * The fault-injection suite (test/faults/scenarios/) in its short form, asserting on the same
 * figures `npm run test:faults` prints, plus the createTask retry policy at its edges: what is
 * retried (the task certainly does not exist) and what is not (it may exist and be charged).
 */
import * as http from 'node:http';
import * as net from 'node:net';

import {
	cancelled,
	errorMapping,
	errorOutput,
	FAULT_KEY,
	retryOnFail,
	serverStops,
	transientFaults,
	wrongKey,
	zeroBalance,
	createTaskParameters,
	numberedItems,
	type ScenarioResult,
} from '../faults/scenarios';
import { runNode } from '../helpers/engine';
import { startSandbox } from '../sandbox';

/** Jest's diff shows every deviation at once; the figures come along for context. */
function expectNoDeviations({ figures, deviations }: ScenarioResult): void {
	expect({ scenario: figures.scenario, deviations }).toEqual({
		scenario: figures.scenario,
		deviations: [],
	});
}

describe('fault injection (short)', () => {
	test('~20 % transient faults: all items solve, nothing is created twice, polling stays within the limits', async () => {
		const result = await transientFaults.run({ short: true });
		expect(result.figures).toMatchObject({
			items: 20,
			outputs: 20,
			solved: 20,
			errorItems: 0,
			tasksCreated: 20,
			duplicateCreates: 0,
			pollViolations: 0,
			keyLeaks: 0,
		});
		expect(result.figures.createTaskCalls).toBeGreaterThan(20); // the rejected ones were retried
		expectNoDeviations(result);
	}, 120000);

	test('zero balance: the paid tasks solve, the rest are clear ERROR_ZERO_BALANCE items, no hang', async () => {
		const result = await zeroBalance.run({ short: true });
		expect(result.figures).toMatchObject({
			items: 20,
			outputs: 20,
			solved: 6,
			errorItems: 14,
			errorCodes: { ERROR_ZERO_BALANCE: 14 },
			createTaskCalls: 20,
			duplicateCreates: 0,
			pollViolations: 0,
			keyLeaks: 0,
		});
		expectNoDeviations(result);
	}, 60000);

	test('the service stops answering: every item ends at its Timeout with a TIMEOUT error item', async () => {
		const result = await serverStops.run({ short: true });
		expect(result.figures).toMatchObject({
			items: 20,
			outputs: 20,
			solved: 0,
			errorItems: 20,
			errorCodes: { TIMEOUT: 20 },
			duplicateCreates: 0,
			pollViolations: 0,
			keyLeaks: 0,
		});
		expect(result.figures.maxItemMs).toBeLessThanOrEqual(5000 + 1000);
		expectNoDeviations(result);
	}, 60000);

	test('cancelled mid-run: polling stops within 1 s and nothing is sent afterwards', async () => {
		const result = await cancelled.run({ short: true });
		expect(result.figures).toMatchObject({
			requestsAfterCancelPlus1s: 0,
			requestsAfterEnd: 0,
			tasksCreated: 10,
			duplicateCreates: 0,
			pollViolations: 0,
			keyLeaks: 0,
		});
		expect(result.figures.stopMs).toBeLessThanOrEqual(1000);
		expectNoDeviations(result);
	}, 60000);

	test('wrong key: one clear error per item, no retries, the key nowhere', async () => {
		const result = await wrongKey.run({ short: true });
		expect(result.figures).toMatchObject({
			items: 20,
			outputs: 20,
			errorItems: 20,
			errorCodes: { ERROR_KEY_DOES_NOT_EXIST: 20 },
			getTaskResultCalls: 0,
			keyLeaks: 0,
			withoutContinueOnFail: { status: 'error', keyLeaks: 0 },
		});
		// Once the key is rejected nothing more is sent: at most the default pool of 10 reach CapMonster,
		// and as creates are spaced 2 ms apart, usually only the first.
		expect(result.figures.createTaskCalls).toBeGreaterThanOrEqual(1);
		expect(result.figures.createTaskCalls).toBeLessThanOrEqual(10);
		expectNoDeviations(result);
	}, 60000);

	test('every ERROR_TABLE code (and an unknown one) maps to an error item with that code and the table hint', async () => {
		const result = await errorMapping.run();
		expect(result.figures.mismatches).toEqual([]);
		expect(result.figures).toMatchObject({
			outputs: result.figures.items,
			errorItems: result.figures.items,
			keyLeaks: 0,
		});
		expectNoDeviations(result);
	}, 120000);
});

describe("n8n's node settings (short)", () => {
	test("Retry On Fail, 3 tries, Continue On Fail off and on: every task created once, the solved items keep the first try's tasks", async () => {
		const result = await retryOnFail.run({ short: true });
		const once = { tries: 3, naiveCreates: 15, createTaskCalls: 5, tasksCreated: 5 };
		expect(result.figures).toMatchObject({
			items: 15,
			outputs: 15,
			solved: 14,
			errorItems: 1,
			createTaskCalls: 15,
			duplicateCreates: 0,
			pollViolations: 0,
			keyLeaks: 0,
			naiveCreates: 45,
			runs: {
				'stop-on-fail': { ...once, status: 'success', solved: 5, createsAfterFirstTry: 0 },
				'continue-on-fail': { ...once, status: 'success', solved: 5, createsAfterFirstTry: 0 },
				'unknown-outcome': {
					...once,
					solved: 4,
					errorCodes: { CREATE_OUTCOME_UNKNOWN: 1 },
					createsAfterFirstTry: 0,
				},
			},
		});
		expectNoDeviations(result);
	}, 60000);

	test('Continue (using error output) with mixed items: each item once, on the right output, in order, with its fields', async () => {
		const result = await errorOutput.run({ short: true });
		expect(result.figures).toMatchObject({
			items: 10,
			outputs: 10,
			successOutput: 5,
			errorOutput: 5,
			solved: 5,
			errorCodes: { ERROR_CAPTCHA_UNSOLVABLE: 3, INVALID_INPUT: 2 },
			itemsOnBothOutputs: 0,
			createTaskCalls: 8,
			duplicateCreates: 0,
			pollViolations: 0,
			keyLeaks: 0,
		});
		expectNoDeviations(result);
	}, 60000);
});

describe('createTask retry policy at its edges', () => {
	test('a 5xx or a reset after the task was created is not retried: one task, and the error says it may exist', async () => {
		const sandbox = await startSandbox({ keys: [FAULT_KEY], solveMs: 50 });
		try {
			for (const fault of [
				{
					method: 'createTask',
					kind: 'http' as const,
					status: 502,
					phase: 'after' as const,
					count: 1,
				},
				{ method: 'createTask', kind: 'reset' as const, phase: 'after' as const, count: 1 },
			]) {
				sandbox.reset();
				sandbox.addFault(fault);
				const run = await runNode({
					parameters: createTaskParameters(),
					credentials: { apiKey: FAULT_KEY, baseUrl: sandbox.url },
					items: numberedItems(1),
				});
				expect(run.status).toBe('error');
				expect(String(run.error?.description)).toContain('may have been created');
				expect(sandbox.stats()).toMatchObject({ tasksCreated: 1, duplicateCreates: 0 });
				expect(sandbox.requests.filter((r) => r.method === 'createTask')).toHaveLength(1);
			}
		} finally {
			await sandbox.close();
		}
	}, 30000);

	test('a refused connection on createTask is retried (nothing can have been created)', async () => {
		// Nothing listens on `port` for the first ~1.5 s, so connections are refused; then a plain
		// TCP forwarder to the sandbox opens on it.
		const sandbox = await startSandbox({ keys: [FAULT_KEY], solveMs: 50 });
		const port = await freePort();
		let forwarder: net.Server | undefined;
		const sockets = new Set<net.Socket>();
		const opening = new Promise<void>((resolve) =>
			setTimeout(() => {
				forwarder = net.createServer((client) => {
					const upstream = net.connect(sandbox.port, '127.0.0.1');
					for (const socket of [client, upstream]) {
						sockets.add(socket);
						socket.on('close', () => sockets.delete(socket));
						socket.on('error', () => socket.destroy());
					}
					client.pipe(upstream).pipe(client);
				});
				forwarder.listen(port, '127.0.0.1', () => resolve());
			}, 1500),
		);
		try {
			const run = await runNode({
				parameters: createTaskParameters(),
				credentials: { apiKey: FAULT_KEY, baseUrl: `http://127.0.0.1:${port}` },
				items: numberedItems(1),
				continueOnFail: true,
			});
			await opening;
			expect(run.items[0].json).toMatchObject({ status: 'ready' });
			expect(sandbox.stats()).toMatchObject({ tasksCreated: 1, duplicateCreates: 0 });
		} finally {
			await opening;
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) =>
				forwarder ? forwarder.close(() => resolve()) : resolve(),
			);
			await sandbox.close();
		}
	}, 30000);
});

describe('redirects', () => {
	test.each([
		['JSON API', 'json' as const, 'createTask'],
		['RuCaptcha-compatible', 'rucaptcha' as const, 'in.php'],
	])(
		'%s: a redirect is not followed, so the key never reaches the address it names; the error says what to fix',
		async (...[, protocol, method]) => {
			const sandbox = await startSandbox({ keys: [FAULT_KEY], solveMs: 50 });
			const elsewhere = await startSandbox({ keys: [FAULT_KEY], solveMs: 50 });
			try {
				sandbox.addFault({
					method,
					kind: 'http',
					status: 307,
					location: `${elsewhere.url}/${method}`,
				});
				const run = await runNode({
					parameters: createTaskParameters(),
					credentials: { apiKey: FAULT_KEY, baseUrl: sandbox.url, protocol },
					items: numberedItems(2),
					continueOnFail: true,
				});
				expect(run.items.map((item) => item.json)).toEqual([
					expect.objectContaining({
						errorCode: 'HTTP_307',
						hint: 'Set the Base URL in the credential to the final address.',
					}),
					expect.objectContaining({ errorCode: 'HTTP_307' }),
				]);
				expect(String(run.items[0].json.error)).toContain(
					`redirects (HTTP 307 to ${elsewhere.url}/${method}`,
				);
				expect(elsewhere.requests).toHaveLength(0);
				expect(sandbox.stats()).toMatchObject({ tasksCreated: 0 });
			} finally {
				await Promise.all([sandbox.close(), elsewhere.close()]);
			}
		},
		30000,
	);
});

async function freePort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
