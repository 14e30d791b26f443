/**
 * Reads what came back from the wire into a CapMonster body or a CapMonsterApiError. Nothing is
 * trusted: the size is capped, the key is removed from every text, and each method's answer must
 * hold what the node will use (a real task id, a solution, a numeric balance) before it is used.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import {
	errorFromBody,
	errorFromHttpStatus,
	errorFromRedirect,
	malformedResponse,
	type CapMonsterApiError,
} from './errors';
import { isObject } from '../helpers/utils';
import { redact } from './redact';
import type { ApiMethod } from './types';

/** Far more than any solution (the largest are cookie sets of a few KB). */
export const MAX_RESPONSE_CHARS = 4 * 1024 * 1024;

export interface RawResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

export type ApiResult =
	| { response: IDataObject; error?: undefined }
	| { response?: undefined; error: CapMonsterApiError };

/** Step 1: the raw answer as text, capped and without the key; undefined when there is none. */
export function readText(
	node: INode,
	method: string,
	response: RawResponse,
	secrets: readonly string[],
	itemIndex?: number,
): { text?: string; error?: CapMonsterApiError } {
	const { body } = response;
	const text =
		typeof body === 'string'
			? body
			: body === undefined || body === null
				? ''
				: Buffer.isBuffer(body)
					? body.toString('utf8')
					: JSON.stringify(body);
	if (text.length > MAX_RESPONSE_CHARS) {
		return {
			error: malformedResponse(
				node,
				method,
				`the answer is larger than ${MAX_RESPONSE_CHARS / 1024 / 1024} MB`,
				{
					itemIndex,
					httpStatus: response.statusCode,
					// It did answer: asking again would only fetch the same blob.
					outcome: 'answered',
				},
			),
		};
	}
	return { text: redact(text, secrets) };
}

/** Step 2: a JSON-API body (after the RuCaptcha translation, where that applies) into a result. */
export function parseResponse(
	node: INode,
	method: ApiMethod,
	response: RawResponse,
	secrets: readonly string[],
	itemIndex?: number,
): ApiResult {
	const { statusCode } = response;
	// Whatever a redirect's body says, it is not CapMonster's answer.
	if (statusCode >= 300 && statusCode < 400) {
		const location = response.headers?.location;
		return {
			error: errorFromRedirect(
				node,
				method,
				statusCode,
				typeof location === 'string' && location ? redact(location, secrets) : undefined,
				itemIndex,
			),
		};
	}
	const json = asObject(response.body);

	// The body speaks first, even on 4xx/5xx: 402/403/429 carry a normal CapMonster error body.
	if (json && typeof json.errorId === 'number' && json.errorId !== 0) {
		return {
			error: errorFromBody(
				node,
				{
					errorCode: errorCodeOf(json),
					errorDescription: typeof json.errorDescription === 'string' ? json.errorDescription : '',
					httpStatus: statusCode >= 400 ? statusCode : undefined,
				},
				itemIndex,
			),
		};
	}
	if (statusCode >= 400) return { error: errorFromHttpStatus(node, method, statusCode, itemIndex) };
	if (!json || json.errorId !== 0) {
		return {
			error: malformedResponse(node, method, 'it is not CapMonster JSON', {
				itemIndex,
				httpStatus: statusCode,
			}),
		};
	}
	const problem = CHECKS[method](json);
	if (problem) {
		return {
			error: malformedResponse(node, method, problem, {
				itemIndex,
				httpStatus: statusCode,
				// A ready task without a solution stays so: polling again cannot help.
				outcome: method === 'createTask' ? 'unknown' : 'answered',
			}),
		};
	}
	return { response: json as IDataObject };
}

/** What each method's success answer must hold; returns the problem, if any. */
const CHECKS: Record<ApiMethod, (body: Record<string, unknown>) => string | undefined> = {
	createTask: (body) =>
		isTaskId(body.taskId)
			? undefined
			: `its taskId ${describe(body.taskId)} is not a positive whole number`,
	getTaskResult: (body) => {
		if (body.status !== 'ready') return undefined; // processing, or a status to ask again about
		const solution = body.solution;
		if (typeof solution !== 'object' || solution === null || Array.isArray(solution))
			return 'the task is "ready" but has no solution';
		if (Object.keys(solution).length === 0) return 'the task is "ready" but its solution is empty';
		return undefined;
	},
	getBalance: (body) =>
		typeof body.balance === 'number' && Number.isFinite(body.balance)
			? undefined
			: `the balance ${describe(body.balance)} is not a number`,
	reportIncorrectImageCaptcha: () => undefined,
	reportIncorrectTokenCaptcha: () => undefined,
};

/** A task id the node may poll: a positive integer that a double represents exactly. */
export function isTaskId(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Server-chosen codes are repeated in messages: only a code-shaped string is taken as is. */
function errorCodeOf(json: Record<string, unknown>): string {
	const code = json.errorCode;
	if (typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(code)) return code;
	return `ERROR_ID_${Number.isSafeInteger(json.errorId) ? String(json.errorId) : 'UNKNOWN'}`;
}

function describe(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function asObject(body: unknown): Record<string, unknown> | undefined {
	let value = body;
	if (typeof value === 'string') {
		// CapMonster sometimes answers with text/plain; the body is JSON all the same.
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			return undefined;
		}
	}
	return isObject(value) ? value : undefined;
}
