/**
 * Create a task and wait for its result, within CapMonster's limits. The retry policy lives here:
 * - createTask may cost money, so it is repeated only when the task was certainly not created
 *   (connection refused, ERROR_NO_SLOT_AVAILABLE, ERROR_TOO_MUCH_REQUESTS, HTTP 429);
 * - getTaskResult is safe to repeat: network errors, timeouts, 5xx and 429 count as "not ready yet",
 *   but every attempt counts toward the 120-poll cap and keeps the 2 s gap.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { callApi, CapMonsterApiError } from '../transport';
import type { RunContext } from './run';
import { pause } from './run';
import { MAX_POLLS_PER_TASK, REQUEST_TIMEOUT_MS, type Timing } from './timing';

export interface CreateOptions {
	itemIndex: number;
	deadline: number;
	callbackUrl?: string;
}

export async function createTask(
	this: IExecuteFunctions,
	run: RunContext,
	task: IDataObject,
	options: CreateOptions,
): Promise<number> {
	const body: IDataObject = { task };
	if (options.callbackUrl) body.callbackUrl = options.callbackUrl;

	for (;;) {
		if (!(await run.createGate.wait(run))) throw cancelled(this, options.itemIndex);
		const { response, error } = await callApi.call(this, run.connection, 'createTask', body, {
			itemIndex: options.itemIndex,
			timeoutMs: requestTimeout(options.deadline),
		});
		if (response) {
			run.createGate.succeeded();
			const taskId = Number(response.taskId);
			run.createdTasks.set(options.itemIndex, taskId);
			return taskId;
		}
		if (!certainlyNotCreated(error)) throw withUnknownOutcomeHint(error);
		const delay = run.createGate.backOff();
		if (Date.now() + delay >= options.deadline) throw error;
	}
}

function certainlyNotCreated(error: CapMonsterApiError): boolean {
	// retryLater: connection refused, ERROR_NO_SLOT_AVAILABLE, HTTP 429; slowDown: ERROR_TOO_MUCH_REQUESTS.
	return error.behaviour === 'retryLater' || error.behaviour === 'slowDown';
}

/** A createTask that timed out or failed with a 5xx may have created (and charged) a task anyway. */
function withUnknownOutcomeHint(error: CapMonsterApiError): CapMonsterApiError {
	if (error.outcome === 'unknown' && error.errorCode !== 'CANCELLED') {
		const note =
			'The task may have been created (and charged) even though no answer arrived, so the node did not send it again.';
		error.description = [error.description, note].filter(Boolean).join('\n');
	}
	return error;
}

export interface WaitOptions {
	itemIndex: number;
	timing: Timing;
	noCache: boolean;
	deadline: number;
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
	let delay = options.singleCheck
		? 0
		: options.noCache
			? timing.firstDelayNoCacheMs
			: timing.firstDelayMs;
	let interval = timing.intervalMs;
	let lastTransient: CapMonsterApiError | undefined;

	for (let poll = 1; poll <= MAX_POLLS_PER_TASK; poll++) {
		if (Date.now() + delay >= deadline) break;
		if (!(await pause(run, delay))) throw cancelled(this, itemIndex, taskId);
		const { response, error } = await callApi.call(
			this,
			run.connection,
			'getTaskResult',
			{ taskId },
			{
				itemIndex,
				timeoutMs: requestTimeout(deadline),
			},
		);
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
	throw timedOut(this, taskId, options, lastTransient);
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

function timedOut(
	ctx: IExecuteFunctions,
	taskId: number,
	options: WaitOptions,
	last?: CapMonsterApiError,
): CapMonsterApiError {
	const seconds = Math.round(options.timing.timeoutMs / 1000);
	const hint = `The task may still finish: fetch it with Get Task Result (task ID ${taskId}) within 5 minutes, or raise the Timeout option.`;
	return new CapMonsterApiError(ctx.getNode(), {
		message: `No solution from CapMonster within ${seconds} s (task ${taskId})`,
		description: [last ? `Last problem while polling: ${last.message}` : '', hint]
			.filter(Boolean)
			.join('\n'),
		errorCode: 'TIMEOUT',
		hint,
		behaviour: 'final',
		outcome: 'answered',
		cause: last ? 'temporarily-unavailable' : undefined,
		itemIndex: options.itemIndex,
		taskId,
	});
}

export function cancelled(
	ctx: IExecuteFunctions,
	itemIndex: number,
	taskId?: number,
): CapMonsterApiError {
	return new CapMonsterApiError(ctx.getNode(), {
		message: 'Stopped before CapMonster answered',
		description:
			taskId === undefined
				? 'The execution was cancelled, or another item failed and stopped the node.'
				: `The execution was cancelled, or another item failed and stopped the node. Task ${taskId} was created; its result can be fetched with Get Task Result within 5 minutes.`,
		errorCode: 'CANCELLED',
		hint: 'Nothing to do.',
		behaviour: 'final',
		outcome: 'unknown',
		itemIndex,
		taskId,
	});
}
