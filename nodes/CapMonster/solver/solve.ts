/**
 * Create a task and wait for its result, within CapMonster's limits. The retry policy lives here:
 * - createTask may cost money, so it is repeated only when the task was certainly not created
 *   (nothing reached a server: refused connection, DNS failure; or ERROR_NO_SLOT_AVAILABLE,
 *   ERROR_TOO_MUCH_REQUESTS, HTTP 429), and never across n8n's own retries (see memory.ts);
 * - getTaskResult is safe to repeat: network errors, timeouts, 5xx and 429 count as "not ready yet",
 *   but every attempt counts toward the 120-poll cap and keeps the 2 s gap (per task, see memory.ts).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	callApi,
	cancelledError,
	malformedResponse,
	notResentOnRetry,
	timeoutError,
	withUnknownOutcomeNote,
	type CapMonsterApiError,
} from '../transport';
import { settle } from '../helpers/utils';
import { fingerprintOf } from './memory';
import type { RunContext } from './run';
import { pause } from './run';
import { MAX_POLLS_PER_TASK, REQUEST_TIMEOUT_MS, type Timing } from './timing';

export interface SolveOptions {
	itemIndex: number;
	deadline: number;
	timing: Timing;
	noCache: boolean;
	callbackUrl?: string;
	/** Off: return as soon as the task exists (status "processing"). */
	waitForResult: boolean;
	/** The type's main answer; a "ready" result without it is an error, not a success. */
	answer: (solution: IDataObject) => unknown;
}

export interface Solved {
	taskId: number;
	/** The getTaskResult body (status "ready"); absent when not waiting. */
	result?: IDataObject;
}

/**
 * One task for one item: created, or taken over from an earlier try of n8n's Retry On Fail, then
 * waited for. A task that failed for good is forgotten, so that a retry creates a new one.
 */
export async function solveTask(
	this: IExecuteFunctions,
	run: RunContext,
	task: IDataObject,
	options: SolveOptions,
): Promise<Solved> {
	const { itemIndex } = options;
	const body: IDataObject = { task };
	if (options.callbackUrl) body.callbackUrl = options.callbackUrl;
	const fingerprint = fingerprintOf(body);

	const earlier = run.memory.recall(itemIndex, fingerprint);
	if (earlier?.unknownOutcome) throw notResentOnRetry(this.getNode(), itemIndex);
	if (earlier?.taskId !== undefined) {
		run.createdTasks.set(itemIndex, earlier.taskId);
		if (!options.waitForResult) return { taskId: earlier.taskId };
		const resumed = await settle(
			waitAndCheck.call(this, run, earlier.taskId, earlier.createdAt, options),
		);
		if (resumed.ok) return resumed.value;
		// Expired since the earlier try: CapMonster no longer knows it, so create it anew.
		if ((resumed.error as CapMonsterApiError).errorCode !== 'ERROR_NO_SUCH_CAPCHA_ID')
			throw resumed.error;
		run.memory.forget(itemIndex);
	}

	const taskId = await createTask.call(this, run, body, {
		itemIndex,
		deadline: options.deadline,
		fingerprint,
	});
	if (!options.waitForResult) return { taskId };
	return await waitAndCheck.call(this, run, taskId, Date.now(), options);
}

async function waitAndCheck(
	this: IExecuteFunctions,
	run: RunContext,
	taskId: number,
	createdAt: number,
	options: SolveOptions,
): Promise<Solved> {
	const waited = await settle(
		waitForResult.call(this, run, taskId, {
			itemIndex: options.itemIndex,
			timing: options.timing,
			noCache: options.noCache,
			deadline: options.deadline,
			createdAt,
		}),
	);
	const failure = waited.ok
		? isEmptyAnswer(options.answer(waited.value.solution as IDataObject))
			? malformedResponse(this.getNode(), 'getTaskResult', 'the solution lacks its answer', {
					itemIndex: options.itemIndex,
					taskId,
					outcome: 'answered',
				})
			: undefined
		: waited.error;
	if (waited.ok && !failure) return { taskId, result: waited.value };
	// Still running (timeout, cancellation): a retry may pick it up. Anything else ended the task.
	const code = (failure as CapMonsterApiError).errorCode;
	if (code !== 'TIMEOUT' && code !== 'CANCELLED') run.memory.forget(options.itemIndex);
	throw failure;
}

function isEmptyAnswer(answer: unknown): boolean {
	if (answer === undefined || answer === null) return true;
	if (typeof answer === 'string') return answer.trim() === '';
	if (Array.isArray(answer)) return answer.length === 0;
	if (typeof answer === 'object') return Object.keys(answer).length === 0;
	return false;
}

interface CreateOptions {
	itemIndex: number;
	deadline: number;
	fingerprint: string;
}

export async function createTask(
	this: IExecuteFunctions,
	run: RunContext,
	body: IDataObject,
	options: CreateOptions,
): Promise<number> {
	const { itemIndex } = options;
	for (;;) {
		if (!(await run.createGate.wait(run))) throw halted(this, run, itemIndex);
		const { response, error } = await callApi.call(this, run.connection, 'createTask', body, {
			itemIndex,
			timeoutMs: requestTimeout(options.deadline),
		});
		if (response) {
			run.createGate.succeeded();
			const taskId = response.taskId as number; // checked by the transport
			run.createdTasks.set(itemIndex, taskId);
			run.memory.created(itemIndex, options.fingerprint, taskId);
			return taskId;
		}
		if (!certainlyNotCreated(error)) {
			if (error.outcome === 'unknown' && error.errorCode !== 'CANCELLED')
				run.memory.unknownOutcome(itemIndex, options.fingerprint);
			throw withUnknownOutcomeNote(error);
		}
		const delay = run.createGate.backOff();
		if (Date.now() + delay >= options.deadline) throw error;
	}
}

function certainlyNotCreated(error: CapMonsterApiError): boolean {
	// retryLater: nothing reached a server, ERROR_NO_SLOT_AVAILABLE, HTTP 429; slowDown: ERROR_TOO_MUCH_REQUESTS.
	return error.behaviour === 'retryLater' || error.behaviour === 'slowDown';
}

export interface WaitOptions {
	itemIndex: number;
	timing: Timing;
	noCache: boolean;
	deadline: number;
	/** When the task was created: the first check waits the type's first delay from then. */
	createdAt?: number;
	/** Poll just once and return whatever the status is. */
	singleCheck?: boolean;
}

/** Polls until the task is ready; returns the getTaskResult body (status "ready", or "processing" for a single check). */
export async function waitForResult(
	this: IExecuteFunctions,
	run: RunContext,
	taskId: number,
	options: WaitOptions,
): Promise<IDataObject> {
	const { timing, itemIndex, deadline } = options;
	const waitingSince = Date.now();
	const startedAt = options.createdAt ?? waitingSince;
	const firstDelay = options.noCache ? timing.firstDelayNoCacheMs : timing.firstDelayMs;
	let delay = options.singleCheck ? 0 : Math.max(0, startedAt + firstDelay - Date.now());
	let interval = timing.intervalMs;
	let lastTransient: CapMonsterApiError | undefined;
	let polls = run.pollSpacing.checksOf(taskId);

	while (polls < MAX_POLLS_PER_TASK) {
		if (Date.now() + delay >= deadline) break;
		if (!(await pause(run, delay))) throw halted(this, run, itemIndex, taskId);
		polls++;
		const answer = await run.pollSpacing.run(
			taskId,
			async (ms) => await pause(run, ms),
			async () =>
				await callApi.call(
					this,
					run.connection,
					'getTaskResult',
					{ taskId },
					{
						itemIndex,
						timeoutMs: requestTimeout(deadline),
					},
				),
		);
		if (!answer) throw halted(this, run, itemIndex, taskId);
		const { response, error } = answer;
		if (response) {
			if (response.status === 'ready' || options.singleCheck) return response;
			lastTransient = undefined;
		} else {
			error.taskId = taskId;
			if (error.errorCode === 'CANCELLED' || !isTransientPollError(error) || options.singleCheck)
				throw error;
			// Polled too fast (e.g. another client shares the task): widen the gap for this task.
			if (error.behaviour === 'slowDown') interval = Math.min(interval * 2, 10000);
			lastTransient = error;
		}
		delay = interval;
	}
	const capped = polls >= MAX_POLLS_PER_TASK;
	const why = [
		capped
			? `CapMonster allows at most ${MAX_POLLS_PER_TASK} result checks per task`
			: `the next check would fall after the time limit of ${Math.round(timing.timeoutMs / 1000)} s`,
		interval > timing.intervalMs
			? `CapMonster asked the node to slow down, so checks were up to ${interval / 1000} s apart`
			: '',
		// A task taken over from an earlier try of n8n's Retry On Fail: say how old it is.
		waitingSince - startedAt > 1000
			? `the task was created ${Math.round((Date.now() - startedAt) / 1000)} s ago, in an earlier try`
			: '',
	]
		.filter(Boolean)
		.join('; ');
	throw timeoutError(this.getNode(), {
		taskId,
		waitedMs: Date.now() - waitingSince,
		why: `${why} (${polls} ${polls === 1 ? 'check' : 'checks'})`,
		lastProblem: lastTransient?.message,
		itemIndex,
	});
}

function isTransientPollError(error: CapMonsterApiError): boolean {
	if (
		error.behaviour === 'notReady' ||
		error.behaviour === 'slowDown' ||
		error.behaviour === 'retryLater'
	) {
		return true;
	}
	// No body or no answer: the task itself is unaffected, ask again next time.
	return error.outcome !== 'answered' || error.httpStatus === 429 || (error.httpStatus ?? 0) >= 500;
}

function requestTimeout(deadline: number): number {
	return Math.max(1000, Math.min(REQUEST_TIMEOUT_MS, deadline - Date.now()));
}

/** The error of an item that stopped because the run was halted: by the user, or by another item's failure. */
function halted(
	ctx: IExecuteFunctions,
	run: RunContext,
	itemIndex: number,
	taskId?: number,
): CapMonsterApiError {
	return cancelledError(ctx.getNode(), {
		itemIndex,
		taskId,
		byUser: run.haltReason() !== 'failure',
	});
}
