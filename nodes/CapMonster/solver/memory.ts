/**
 * What the node remembers between n8n's tries of one node run ("Retry On Fail") and between runs of
 * the node within one execution. n8n re-runs the whole node on a retry, so without this every item's
 * task would be created (and charged) again. Both stores live in the execution's context data:
 * nothing outlives the execution, and nothing here is secret (task ids and times).
 */
import type { IContextObject } from 'n8n-workflow';

import { MIN_POLL_INTERVAL_MS } from './timing';

/** CapMonster keeps a task's result for about 5 minutes; an older task is created anew. */
export const TASK_REUSE_WINDOW_MS = 4 * 60_000;

export interface RememberedTask {
	taskId?: number;
	/** A createTask whose outcome is unknown: it may exist and be charged, so it is never re-sent. */
	unknownOutcome?: boolean;
	/** Which task body this was, so that a changed item never picks up another item's task. */
	fingerprint: string;
	createdAt: number;
}

interface TaskStore extends IContextObject {
	/** The node run (runIndex) the tasks belong to: a new run in a loop starts afresh. */
	runIndex?: number;
	tasks?: Record<string, RememberedTask>;
}

/** The tasks created for each item in this node run, kept across n8n's retries. */
export class TaskMemory {
	constructor(
		private readonly store: TaskStore,
		runIndex: number,
	) {
		if (store.runIndex !== runIndex || typeof store.tasks !== 'object' || store.tasks === null) {
			store.runIndex = runIndex;
			store.tasks = {};
		}
	}

	/** A task an earlier try created for this item with the same body, if still usable. */
	recall(itemIndex: number, fingerprint: string): RememberedTask | undefined {
		const remembered = this.tasks()[itemIndex];
		if (!remembered || remembered.fingerprint !== fingerprint) return undefined;
		if (!remembered.unknownOutcome && Date.now() - remembered.createdAt > TASK_REUSE_WINDOW_MS)
			return undefined;
		return remembered;
	}

	created(itemIndex: number, fingerprint: string, taskId: number): void {
		this.tasks()[itemIndex] = { taskId, fingerprint, createdAt: Date.now() };
	}

	unknownOutcome(itemIndex: number, fingerprint: string): void {
		this.tasks()[itemIndex] = { unknownOutcome: true, fingerprint, createdAt: Date.now() };
	}

	/** The task failed for good (or expired): a retry creates a new one. */
	forget(itemIndex: number): void {
		delete this.tasks()[itemIndex];
	}

	private tasks(): Record<string, RememberedTask> {
		return this.store.tasks as Record<string, RememberedTask>;
	}
}

interface PollStore extends IContextObject {
	/** Task id → when its last result check was answered, and how many checks it has had. */
	tasks?: Record<string, { at: number; checks: number }>;
}

/** How long the record of a task's checks is kept (a task's result lives about 5 minutes). */
const POLL_RECORD_MS = 10 * 60_000;

/**
 * Keeps at least MIN_POLL_INTERVAL_MS between two checks of one task, whoever makes them: several
 * items with the same task id, several runs or retries of the node, several CapMonster nodes of the
 * workflow; and counts every check of the task toward the 120-check cap. Spacing is per task, not per item.
 */
export class PollSpacing {
	private readonly queues = new Map<number, Promise<void>>();

	constructor(private readonly store: PollStore) {
		if (typeof store.tasks !== 'object' || store.tasks === null) store.tasks = {};
		const now = Date.now();
		for (const [taskId, record] of Object.entries(this.records())) {
			if (now - record.at > POLL_RECORD_MS) delete this.records()[taskId];
		}
	}

	/** How many checks of the task this execution has already made. */
	checksOf(taskId: number): number {
		return this.records()[taskId]?.checks ?? 0;
	}

	/**
	 * Runs `poll` once the task's previous check is answered and at least the minimum gap has passed.
	 * `wait` is the node's sleep (it ends early when the run is halted); undefined means halted.
	 */
	async run<T>(
		taskId: number,
		wait: (ms: number) => Promise<boolean>,
		poll: () => Promise<T>,
	): Promise<T | undefined> {
		const previous = this.queues.get(taskId) ?? Promise.resolve();
		let done: () => void = () => {};
		const mine = new Promise<void>((resolve) => (done = resolve));
		const queued = previous.then(async () => await mine);
		this.queues.set(taskId, queued);
		try {
			await previous;
			const last = this.records()[taskId]?.at ?? 0;
			if (!(await wait(last + MIN_POLL_INTERVAL_MS - Date.now()))) return undefined;
			try {
				return await poll();
			} finally {
				this.records()[taskId] = { at: Date.now(), checks: this.checksOf(taskId) + 1 };
			}
		} finally {
			done();
			if (this.queues.get(taskId) === queued) this.queues.delete(taskId);
		}
	}

	private records(): Record<string, { at: number; checks: number }> {
		return this.store.tasks as Record<string, { at: number; checks: number }>;
	}
}

/** A short, stable digest of a task body (FNV-1a, 32 bits, with the length): equal bodies, equal digests. */
export function fingerprintOf(value: unknown): string {
	const text = JSON.stringify(value) ?? '';
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return `${text.length.toString(36)}-${hash.toString(36)}`;
}
