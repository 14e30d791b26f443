/**
 * The only place that talks HTTP. Every CapMonster call goes through n8n's request helpers
 * (proxies, cancellation, the instance's egress rules) and comes back either as a parsed
 * success body or as a CapMonsterApiError. The API key is added by the credential and is
 * never copied into anything this module returns or throws.
 *
 * The node speaks the JSON API. With the credential's RuCaptcha-compatible protocol, each call is
 * translated to in.php / res.php and its answer back to a JSON-API body (./rucaptcha), so
 * everything above this module works the same for both protocols.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CapMonsterApiError, describeErrorCode, type RequestOutcome } from './errors';
import { toRuCaptcha } from './rucaptcha';
import {
	CREDENTIAL_TYPE,
	DEFAULT_BASE_URL,
	type ApiMethod,
	type CapMonsterConnection,
} from './types';

export * from './types';
export * from './errors';

/** The vendor serves the recommended user agent from the main site, not from the API host. */
const VENDOR_USER_AGENT_URL = 'https://capmonster.cloud/api/useragent/actual';

export interface RequestOptions {
	itemIndex?: number;
	timeoutMs: number;
}

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

export type ApiResult =
	| { response: IDataObject; error?: undefined }
	| { response?: undefined; error: CapMonsterApiError };

/**
 * Sends one request; never throws for what the network or the server does, so callers can decide
 * on retries without catching. A task the RuCaptcha-compatible protocol cannot carry throws a
 * NodeOperationError before anything is sent: that is a configuration error, not a failed call.
 */
export async function callApi(
	this: IExecuteFunctions,
	connection: CapMonsterConnection,
	method: ApiMethod,
	body: IDataObject,
	options: RequestOptions,
): Promise<ApiResult> {
	const translation =
		connection.protocol === 'rucaptcha' ? toRuCaptcha(connection, method, body) : undefined;
	if (translation && 'unsupported' in translation) {
		throw new NodeOperationError(this.getNode(), translation.unsupported.message, {
			description: translation.unsupported.description,
			itemIndex: options.itemIndex,
		});
	}
	if (connection.rejection)
		return { error: repeatRejection(this, connection.rejection, options.itemIndex) };
	const ruCaptcha = translation?.call;
	const request: IHttpRequestOptions = {
		method: 'POST',
		baseURL: connection.baseUrl,
		url: ruCaptcha?.path ?? `/${method}`,
		// A form body is still a plain object: the credential adds the key to it, and the request
		// helper encodes it as application/x-www-form-urlencoded (never as a query string).
		body: ruCaptcha?.form ?? body,
		json: true,
		headers: {
			'content-type': ruCaptcha ? 'application/x-www-form-urlencoded' : 'application/json',
		},
		timeout: options.timeoutMs,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		// Following a redirect would send the key to whatever address it names.
		disableFollowRedirect: true,
	};
	let response: FullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			request,
			{
				credentialsDecrypted: connection.credentials,
			},
		)) as FullResponse;
	} catch (error) {
		return { error: networkError(this, method, error, options.itemIndex) };
	}
	if (ruCaptcha) response = { ...response, body: ruCaptcha.read(response.body) };
	const result = parseResponse(this, method, response, options.itemIndex);
	if (
		result.error?.failureCause === 'credential-invalid' ||
		result.error?.errorCode === 'ERROR_IP_BANNED'
	) {
		connection.rejection ??= result.error;
	}
	return result;
}

function repeatRejection(
	ctx: IExecuteFunctions,
	first: CapMonsterApiError,
	itemIndex?: number,
): CapMonsterApiError {
	return new CapMonsterApiError(ctx.getNode(), {
		message: first.message,
		description:
			`${first.description ?? ''}\nNot sent: CapMonster already rejected the key or IP in this execution, and repeating the request would risk a 10-minute ban.`.trim(),
		errorCode: first.errorCode,
		hint: first.hint,
		behaviour: 'final',
		outcome: 'notSent',
		cause: first.failureCause,
		itemIndex,
	});
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
	const url =
		connection.baseUrl === DEFAULT_BASE_URL
			? VENDOR_USER_AGENT_URL
			: `${connection.baseUrl}/api/useragent/actual`;
	let response: FullResponse | undefined;
	let failure: CapMonsterApiError | undefined;
	try {
		response = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			json: false,
			encoding: 'text',
			timeout: options.timeoutMs,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		})) as FullResponse;
	} catch (error) {
		failure = networkError(this, 'getUserAgent', error, options.itemIndex);
	}
	if (failure || !response) throw failure;
	const text = typeof response.body === 'string' ? response.body.trim() : '';
	if (response.statusCode >= 400 || !text) {
		throw httpError(this, 'getUserAgent', response.statusCode, options.itemIndex, 'answered');
	}
	return text;
}

function parseResponse(
	ctx: IExecuteFunctions,
	method: ApiMethod,
	response: FullResponse,
	itemIndex?: number,
): ApiResult {
	const { statusCode } = response;
	// Whatever a redirect's body says, it is not CapMonster's answer.
	if (statusCode >= 300 && statusCode < 400) {
		return { error: redirectError(ctx, method, response, itemIndex) };
	}
	let body = response.body;
	if (typeof body === 'string') {
		// CapMonster sometimes answers with text/plain; the body is JSON all the same.
		try {
			body = JSON.parse(body) as unknown;
		} catch {
			body = undefined;
		}
	}
	const json = isObject(body) ? body : undefined;

	// The body speaks first, even on 4xx/5xx: 402/403/429 carry a normal CapMonster error body.
	if (json && typeof json.errorId === 'number' && json.errorId !== 0) {
		const errorCode =
			typeof json.errorCode === 'string' && json.errorCode
				? json.errorCode
				: `ERROR_ID_${json.errorId}`;
		const serverText = typeof json.errorDescription === 'string' ? json.errorDescription : '';
		const info = describeErrorCode(errorCode, serverText);
		return {
			error: new CapMonsterApiError(ctx.getNode(), {
				message: `${info.message} [${errorCode}]`,
				description: [serverText && `CapMonster says: ${serverText}`, info.hint]
					.filter(Boolean)
					.join('\n'),
				errorCode,
				hint: info.hint,
				behaviour: info.behaviour,
				cause: info.cause,
				outcome: 'answered',
				httpStatus: statusCode >= 400 ? statusCode : undefined,
				itemIndex,
			}),
		};
	}
	if (statusCode >= 400) {
		return {
			error: httpError(
				ctx,
				method,
				statusCode,
				itemIndex,
				statusCode >= 500 ? 'unknown' : 'answered',
			),
		};
	}
	if (!json || typeof json.errorId !== 'number') {
		return {
			error: new CapMonsterApiError(ctx.getNode(), {
				message: `CapMonster sent an answer the node cannot read (${method})`,
				description:
					'The response was not CapMonster JSON. Check the Base URL in the credential; a gateway or proxy in between may be failing.',
				errorCode: 'MALFORMED_RESPONSE',
				hint: 'Check the Base URL in the credential.',
				behaviour: 'final',
				outcome: 'unknown',
				httpStatus: statusCode,
				cause: 'temporarily-unavailable',
				itemIndex,
			}),
		};
	}
	return { response: json as IDataObject };
}

function httpError(
	ctx: IExecuteFunctions,
	method: string,
	statusCode: number,
	itemIndex: number | undefined,
	outcome: RequestOutcome,
): CapMonsterApiError {
	const rateLimited = statusCode === 429;
	return new CapMonsterApiError(ctx.getNode(), {
		message: rateLimited
			? `CapMonster is rate limiting requests (HTTP 429, ${method})`
			: `CapMonster answered HTTP ${statusCode} (${method})`,
		description: rateLimited
			? 'Too many requests. The node backs off by itself; lower Max Concurrent Tasks if this persists.'
			: 'The service (or a gateway in front of it) is failing. Try again later, and check the Base URL in the credential.',
		errorCode: `HTTP_${statusCode}`,
		hint: rateLimited ? 'Lower Max Concurrent Tasks.' : 'Try again later.',
		behaviour: rateLimited ? 'retryLater' : 'final',
		outcome,
		httpStatus: statusCode,
		cause: rateLimited ? 'rate-limited' : 'temporarily-unavailable',
		itemIndex,
	});
}

function redirectError(
	ctx: IExecuteFunctions,
	method: string,
	response: FullResponse,
	itemIndex?: number,
): CapMonsterApiError {
	const location = response.headers?.location;
	const target = typeof location === 'string' && location ? ` to ${location}` : '';
	return new CapMonsterApiError(ctx.getNode(), {
		message: `The Base URL redirects (HTTP ${response.statusCode}${target}, ${method})`,
		description:
			'The node does not follow redirects, because that would send the API key to another address. Set the Base URL in the credential to the address the server redirects to.',
		errorCode: `HTTP_${response.statusCode}`,
		hint: 'Set the Base URL in the credential to the final address.',
		behaviour: 'final',
		outcome: 'answered',
		httpStatus: response.statusCode,
		cause: 'configuration-invalid',
		itemIndex,
	});
}

/** Network failures carry the request config (and so the key) in their cause: keep only the code. */
function networkError(
	ctx: IExecuteFunctions,
	method: string,
	error: unknown,
	itemIndex?: number,
): CapMonsterApiError {
	// Only the execution's own signal says "cancelled": n8n words timeouts as "aborted" too.
	const cancelled = ctx.getExecutionCancelSignal()?.aborted === true;
	const code = findNetworkCode(error);
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
	// Only a refused connection proves the server never saw the request.
	const outcome: RequestOutcome = code === 'ECONNREFUSED' ? 'notSent' : 'unknown';
	return new CapMonsterApiError(ctx.getNode(), {
		message: cancelled
			? 'The execution was cancelled'
			: timedOut
				? `CapMonster did not answer in time (${method})`
				: `Could not reach CapMonster (${method}: ${code})`,
		description: cancelled
			? 'The workflow was stopped while waiting for CapMonster.'
			: 'Check the Base URL in the credential and the network or proxy between n8n and CapMonster.',
		errorCode: cancelled ? 'CANCELLED' : timedOut ? 'TIMEOUT' : code,
		hint: cancelled ? 'Nothing to do.' : 'Check the network and the Base URL, then try again.',
		// A refused connection reached nothing, so sending again later is safe.
		behaviour: !cancelled && outcome === 'notSent' ? 'retryLater' : 'final',
		outcome: cancelled ? 'unknown' : outcome,
		cause: cancelled ? undefined : 'temporarily-unavailable',
		itemIndex,
	});
}

/** n8n's request helper puts the network code in `httpCode`; plain errors carry it in `code` or a `cause`. */
function findNetworkCode(error: unknown): string {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && isObject(current); depth++) {
		for (const code of [current.httpCode, current.code]) {
			if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		}
		current = current.cause ?? current.errorResponse;
	}
	return 'NETWORK_ERROR';
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
