/**
 * The item pool under concurrency, in the real engine against the sandbox. Everything about timing
 * is judged from the sandbox's own timestamps (task createdAt / readyAt / deliveredAt, request
 * arrival and answer times), never from tight wall-clock bounds.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { CreateGate, type RunContext } from '../../nodes/CapMonster/solver/run';
import { CREATE_SPACING_MS } from '../../nodes/CapMonster/solver/timing';
import type { Sandbox, SandboxTask } from '../sandbox';
import { recaptchaV2, useSandbox } from '../helpers/fixtures';

const env = useSandbox();

const urlOf = (i: number) => `https://example.com/form?item=${i}`;

/** Items carrying their index, a distinct URL and a websiteKey with sandbox directives. */
function keyedItems(keys: string[], urls: Array<string | undefined> = []): INodeExecutionData[] {
	return keys.map((key, i) => ({ json: { i, key, url: urls[i] ?? urlOf(i) } }));
}

function parameters(maxConcurrentTasks?: number) {
	return recaptchaV2({
		websiteURL: '={{ $json.url }}',
		websiteKey: '={{ $json.key }}',
		options: maxConcurrentTasks === undefined ? {} : { maxConcurrentTasks },
	});
}

/** The sandbox task created for input item i (by its distinct websiteURL). */
function taskOf(sandbox: Sandbox, i: number): SandboxTask {
	const task = [...sandbox.tasks.values()].find((t) => t.task.websiteURL === urlOf(i));
	if (!task) throw new Error(`no task for item ${i}`);
	return task;
}

/** Most task lifetimes [createdAt, deliveredAt] open at one moment (an end sorts before a start at the same ms). */
function maxOverlap(tasks: SandboxTask[]): number {
	const events = tasks.flatMap((t) => [
		{ at: t.createdAt, delta: 1 },
		{ at: t.deliveredAt ?? Infinity, delta: -1 },
	]);
	events.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let open = 0;
	let max = 0;
	for (const event of events) {
		open += event.delta;
		max = Math.max(max, open);
	}
	return max;
}

function createRequests(sandbox: Sandbox) {
	return sandbox.requests.filter((r) => r.method === 'createTask');
}

describe('concurrency', () => {
	test('output order and pairedItem follow the input although tasks finish in reverse order', async () => {
		// Item 0 takes longest, item 5 is ready at once.
		const keys = [0, 1, 2, 3, 4, 5].map((i) => `sandbox:solve-ms=${(5 - i) * 1000}`);
		const run = await env.run(parameters(6), { items: keyedItems(keys) });

		expect(run.status).toBe('success');
		const tasks = keys.map((_, i) => taskOf(env.sandbox, i));
		// They really did finish out of order.
		expect(tasks[5].deliveredAt!).toBeLessThan(tasks[0].deliveredAt!);
		expect(tasks[3].deliveredAt!).toBeLessThan(tasks[1].deliveredAt!);
		expect(run.items).toHaveLength(6);
		run.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({
				status: 'ready',
				taskId: tasks[i].id,
				token: tasks[i].solution?.gRecaptchaResponse,
			});
		});
		expect(env.sandbox.stats()).toMatchObject({
			tasksCreated: 6,
			duplicateCreates: 0,
			pollViolations: 0,
		});
	}, 30000);

	test('one slow item does not hold the others', async () => {
		const keys = [
			'sandbox:solve-ms=6000',
			...Array.from({ length: 6 }, () => 'sandbox:solve-ms=0'),
		];
		const run = await env.run(parameters(3), { items: keyedItems(keys) });

		expect(run.status).toBe('success');
		expect(run.items.every((item) => item.json.status === 'ready')).toBe(true);
		const slow = taskOf(env.sandbox, 0);
		const others = keys.slice(1).map((_, i) => taskOf(env.sandbox, i + 1));
		// Items 3..6 could only start when a lane freed up: they did so while item 0 was still solving,
		// and all six finished before item 0 was even ready.
		for (const task of others) expect(task.deliveredAt!).toBeLessThan(slow.readyAt!);
		expect(Math.max(...others.map((t) => t.createdAt))).toBeLessThan(slow.readyAt!);
	}, 30000);

	test('a failed item under Continue On Fail leaves the others alone', async () => {
		const keys = [
			'sandbox:unsolvable',
			'k1',
			'k2',
			'sandbox:error=ERROR_RECAPTCHA_INVALID_SITEKEY',
			'k4',
			'k5',
		];
		const urls = [undefined, undefined, 'not a url'];
		const run = await env.run(parameters(3), {
			items: keyedItems(keys, urls),
			continueOnFail: true,
		});

		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.pairedItem)).toEqual(keys.map((_, i) => ({ item: i })));
		expect(run.items[0].json).toMatchObject({
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
			taskId: expect.any(Number),
		});
		expect(run.items[2].json).toMatchObject({ errorCode: 'INVALID_INPUT' });
		expect(run.items[3].json).toMatchObject({
			errorCode: 'ERROR_RECAPTCHA_INVALID_SITEKEY',
			taskId: expect.any(Number),
		});
		for (const i of [1, 4, 5]) {
			expect(run.items[i].json).toMatchObject({
				status: 'ready',
				taskId: taskOf(env.sandbox, i).id,
			});
		}
		// Every item with a valid URL was sent exactly once; the invalid one never.
		const sent = createRequests(env.sandbox).map(
			(r) => (r.body as { task: { websiteURL: string } }).task.websiteURL,
		);
		expect(sent.sort()).toEqual([0, 1, 3, 4, 5].map(urlOf).sort());
		expect(env.sandbox.stats()).toMatchObject({ duplicateCreates: 0, pollViolations: 0 });
	}, 30000);

	test('maxConcurrentTasks 1 runs the items one after another, in input order', async () => {
		const keys = [
			'sandbox:solve-ms=0',
			'sandbox:solve-ms=1500',
			'sandbox:solve-ms=0',
			'sandbox:solve-ms=0',
		];
		const run = await env.run(parameters(1), { items: keyedItems(keys) });

		expect(run.status).toBe('success');
		const tasks = keys.map((_, i) => taskOf(env.sandbox, i));
		for (let i = 1; i < tasks.length; i++) {
			// Task i is created only after task i-1 was delivered: no overlap at all.
			expect(tasks[i].createdAt).toBeGreaterThanOrEqual(tasks[i - 1].deliveredAt!);
		}
		expect(maxOverlap(tasks)).toBe(1);
	}, 30000);

	test('429 and ERROR_NO_SLOT_AVAILABLE on createTask slow the whole pool down without failing items', async () => {
		env.sandbox.addFault({ method: 'createTask', kind: 'http', status: 429, count: 1 });
		env.sandbox.addFault({
			method: 'createTask',
			kind: 'errorCode',
			errorCode: 'ERROR_NO_SLOT_AVAILABLE',
			count: 1,
		});
		const keys = Array.from({ length: 6 }, (_, i) => `site-key-${i}`);
		const run = await env.run(parameters(3), { items: keyedItems(keys) });

		expect(run.status).toBe('success');
		expect(run.items.every((item) => item.json.status === 'ready')).toBe(true);
		expect(run.items.map((item) => item.pairedItem)).toEqual(keys.map((_, i) => ({ item: i })));
		const creates = createRequests(env.sandbox);
		expect(creates).toHaveLength(8); // 6 items + the 2 rejected attempts
		expect(env.sandbox.stats()).toMatchObject({
			tasksCreated: 6,
			duplicateCreates: 0,
			pollViolations: 0,
		});
		// The first wave is the first three requests (one per lane); two were rejected.
		const firstWave = creates.slice(0, 3);
		const rejected = firstWave.filter((r) => r.fault);
		expect(rejected).toHaveLength(2);
		const firstRejection = Math.min(...rejected.map((r) => r.respondedAt!));
		// After the rejection, no createTask at all — retries and new items alike — for at least the
		// 1 s back-off: the pool as a whole slowed down.
		const later = creates.slice(3);
		expect(later).toHaveLength(5);
		for (const request of later) expect(request.at).toBeGreaterThanOrEqual(firstRejection + 1000);
	}, 40000);

	test('never more tasks in flight than maxConcurrentTasks (and the pool does use them all)', async () => {
		const solveMs = [0, 2500, 500, 4000, 0, 1500, 3000, 0, 2000, 500, 0, 1000];
		const run = await env.run(parameters(4), {
			items: keyedItems(solveMs.map((ms) => `sandbox:solve-ms=${ms}`)),
		});

		expect(run.status).toBe('success');
		const tasks = solveMs.map((_, i) => taskOf(env.sandbox, i));
		expect(tasks.every((t) => t.deliveredAt !== undefined)).toBe(true);
		expect(maxOverlap(tasks)).toBe(4);
		expect(env.sandbox.stats()).toMatchObject({
			tasksCreated: 12,
			duplicateCreates: 0,
			pollViolations: 0,
		});
	}, 40000);

	test('tasks started together are created a few milliseconds apart, so their polls do not fall in the same instant', async () => {
		const keys = Array.from({ length: 20 }, () => 'sandbox:solve-ms=0');
		const startedAt = Date.now();
		const run = await env.run(parameters(20), { items: keyedItems(keys) });

		expect(run.status).toBe('success');
		const creates = env.sandbox.requests.filter((r) => r.method === 'createTask').map((r) => r.at);
		expect(creates).toHaveLength(20);
		// The 20th create is sent no earlier than its slot, 19 × 2 ms after the first, which is no
		// earlier than the start. (Arrivals of the earlier ones may bunch up on a busy machine, so the
		// spread between arrivals proves nothing; the gate's own schedule is tested below.)
		expect(Math.max(...creates) - startedAt).toBeGreaterThanOrEqual(2 * 19);
		expect(env.sandbox.stats()).toMatchObject({ tasksCreated: 20, pollViolations: 0 });
	}, 30000);

	test('the create gate gives tasks started together slots 2 ms apart', async () => {
		const gate = new CreateGate();
		const run = {
			isHalted: () => false,
			halted: new Promise<void>(() => {}),
		} as unknown as RunContext;
		const before = Date.now();
		await Promise.all(Array.from({ length: 20 }, async () => await gate.wait(run)));
		// The next free slot lies 20 slots after the first: none was given out twice.
		const nextSlot = (gate as unknown as { nextSlot: number }).nextSlot;
		expect(nextSlot - before).toBeGreaterThanOrEqual(20 * CREATE_SPACING_MS);
		expect(nextSlot - before).toBeLessThan(20 * CREATE_SPACING_MS + 50);
	});

	test('the default is 10 at a time', async () => {
		const keys = Array.from({ length: 15 }, () => 'sandbox:solve-ms=0');
		const run = await env.run(parameters(), { items: keyedItems(keys) });

		expect(run.status).toBe('success');
		const tasks = keys.map((_, i) => taskOf(env.sandbox, i));
		expect(maxOverlap(tasks)).toBe(10);
	}, 30000);
});
