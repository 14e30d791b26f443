/**
 * Sends one CapMonster call through n8n's request helpers (proxies, cancellation, the instance's
 * egress rules) and returns either a validated success body or a CapMonsterApiError; it never throws
 * for what the network or the server does, so callers decide on retries without catching.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	cancelledError,
	errorFromHttpStatus,
	errorFromNetwork,
	rejectedBefore,
	type CapMonsterApiError,
} from './errors';
import { secretsOf } from './redact';
import { parseResponse, readText, type ApiResult, type RawResponse } from './response';
import { toRuCaptcha } from './rucaptcha';
import {
	CREDENTIAL_TYPE,
	DEFAULT_BASE_URL,
	type ApiMethod,
	type CapMonsterConnection,
} from './types';
import { isObject } from '../helpers/utils';

/** The vendor serves the recommended user agent from the main site, not from the API host. */
const VENDOR_USER_AGENT_URL = 'https://capmonster.cloud/api/useragent/actual';

/** How long the node waits past a request's own timeout before it gives up on the answer. */
const ANSWER_GRACE_MS = 250;

export interface RequestOptions {
	itemIndex?: number;
	/** The request's limit: never past the item's deadline. */
	timeoutMs: number;
}

/**
 * Sends one request. A task the RuCaptcha-compatible protocol cannot carry throws a
 * NodeOperationError before anything is sent: that is a configuration error, not a failed call.
 */
export async function callApi(
	this: IExecuteFunctions,
	connection: CapMonsterConnection,
	method: ApiMethod,
	body: IDataObject,
	options: RequestOptions,
): Promise<ApiResult> {
	const node = this.getNode();
	const ruCaptcha =
		connection.protocol === 'rucaptcha' ? toRuCaptcha(connection, method, body) : undefined;
	if (ruCaptcha && 'unsupported' in ruCaptcha) {
		throw new NodeOperationError(node, ruCaptcha.unsupported.message, {
			description: ruCaptcha.unsupported.description,
			itemIndex: options.itemIndex,
		});
	}
	if (connection.rejection)
		return { error: rejectedBefore(node, connection.rejection, options.itemIndex) };
	const call = ruCaptcha?.call;
	const request: IHttpRequestOptions = {
		method: 'POST',
		baseURL: connection.baseUrl,
		url: call?.path ?? `/${method}`,
		// A form body is still a plain object: the credential adds the key to it, and the request
		// helper encodes it as application/x-www-form-urlencoded (never as a query string).
		body: call?.form ?? body,
		json: true,
		// Read as text: its size is checked and the key removed before anything parses it.
		encoding: 'text',
		headers: {
			'content-type': call ? 'application/x-www-form-urlencoded' : 'application/json',
		},
		timeout: options.timeoutMs,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		// Following a redirect would send the key to whatever address it names.
		disableFollowRedirect: true,
	};
	const answer = await withinTime(
		this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, request, {
			credentialsDecrypted: connection.credentials,
		}) as Promise<RawResponse>,
		options.timeoutMs,
	);
	if ('failure' in answer)
		return { error: failureError(this, method, answer.failure, options.itemIndex) };
	const secrets = secretsOf(connection.credentials.data);
	const raw = answer.value;
	const { text, error } = readText(node, method, raw, secrets, options.itemIndex);
	if (error) return { error };
	const isRedirect = raw.statusCode >= 300 && raw.statusCode < 400;
	const replyBody = call && !isRedirect ? call.read(text) : text;
	const result = parseResponse(
		node,
		method,
		{ ...raw, body: replyBody },
		secrets,
		options.itemIndex,
	);
	if (result.error?.stopsFurtherRequests) connection.rejection ??= result.error;
	return result;
}

/** Sends one request and returns the success body, or throws its CapMonsterApiError. */
export async function apiRequest(
	this: IExecuteFunctions,
	connection: CapMonsterConnection,
	method: ApiMethod,
	body: IDataObject,
	options: RequestOptions,
): Promise<IDataObject> {
	const result = await callApi.call(this, connection, method, body, options);
	if (result.error) throw result.error;
	return result.response;
}

/** Plain-text GET of the recommended browser user agent (no key needed). */
export async function fetchUserAgent(
	this: IExecuteFunctions,
	connection: CapMonsterConnection,
	options: RequestOptions,
): Promise<string> {
	const node = this.getNode();
	const url =
		connection.baseUrl === DEFAULT_BASE_URL
			? VENDOR_USER_AGENT_URL
			: `${connection.baseUrl}/api/useragent/actual`;
	const answer = await withinTime(
		this.helpers.httpRequest({
			method: 'GET',
			url,
			json: false,
			encoding: 'text',
			timeout: options.timeoutMs,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		}) as Promise<RawResponse>,
		options.timeoutMs,
	);
	if ('failure' in answer)
		throw failureError(this, 'getUserAgent', answer.failure, options.itemIndex);
	const { text, error } = readText(
		node,
		'getUserAgent',
		answer.value,
		secretsOf(connection.credentials.data),
		options.itemIndex,
	);
	if (error) throw error;
	const userAgent = (text ?? '').trim();
	// A browser user agent is one short line; anything else is not one.
	if (
		answer.value.statusCode >= 300 ||
		!userAgent ||
		userAgent.length > 512 ||
		/[\r\n]/.test(userAgent)
	)
		throw errorFromHttpStatus(node, 'getUserAgent', answer.value.statusCode, options.itemIndex);
	return userAgent;
}

/**
 * Waits for the request, but never past its time limit. The request helper's own timeout only fires
 * when the socket is idle, so an answer that drips in byte by byte would hold the item for ever; and
 * n8n's authenticated helper replaces any abort signal with the execution's own, so the node cannot
 * abort that one request. It stops waiting instead: the answer, if it ever comes, is dropped.
 */
async function withinTime<T>(
	request: Promise<T>,
	timeoutMs: number,
): Promise<{ value: T } | { failure: unknown }> {
	const expired = AbortSignal.timeout(timeoutMs + ANSWER_GRACE_MS);
	const tooLate = new Promise<{ failure: unknown }>((resolve) => {
		expired.addEventListener('abort', () => resolve({ failure: { code: 'ETIMEDOUT' } }), {
			once: true,
		});
	});
	const settled = request.then(
		(value) => ({ value }),
		(failure: unknown) => ({ failure }),
	);
	return await Promise.race([settled, tooLate]);
}

/** Only the execution's own signal says "cancelled": n8n words timeouts as "aborted" too. */
function failureError(
	ctx: IExecuteFunctions,
	method: string,
	failure: unknown,
	itemIndex?: number,
): CapMonsterApiError {
	if (ctx.getExecutionCancelSignal()?.aborted === true)
		return cancelledError(ctx.getNode(), { itemIndex, byUser: true });
	return errorFromNetwork(ctx.getNode(), method, findNetworkCode(failure), itemIndex);
}

/** n8n's request helper puts the network code in `httpCode`; plain errors carry it in `code` or a `cause`. */
function findNetworkCode(error: unknown): string {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && isObject(current); depth++) {
		for (const code of [current.httpCode, current.code]) {
			if (typeof code === 'string' && /^(E[A-Z_]+|[A-Z][A-Z0-9_]*_[A-Z0-9_]+)$/.test(code))
				return code;
		}
		current = current.cause ?? current.errorResponse;
	}
	return 'NETWORK_ERROR';
}
