/**
 * Every error the node reports, in one module: CapMonster's codes (ERROR_TABLE) and the node's own
 * (NODE_ERRORS: timeouts, cancellations, unreadable answers, HTTP and network failures), each with
 * what the user reads, what to do, how the solve loop treats it and whether it stops further requests,
 * and the named constructors that build every CapMonsterApiError. A new error code goes here and
 * nowhere else. Codes: https://docs.capmonster.cloud/docs/api/api-errors
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** What is known about whether the server acted on a request that failed. */
export type RequestOutcome = 'answered' | 'notSent' | 'unknown';

/** How the solve loop reacts to a code. */
export type ErrorBehaviour =
	/** The task is still being solved: poll again later. */
	| 'notReady'
	/** Nothing was created or consumed: the same request may be sent again after a pause. */
	| 'retryLater'
	/** Polling too fast: wait longer before the next poll of this task. */
	| 'slowDown'
	/** The solve failed; a new task may succeed (only with the user's "Retry Unsolvable" option). */
	| 'unsolvable'
	/** Retrying the same request cannot help. */
	| 'final';

/** The host's failure classification, where the host supports one (newer n8n versions). */
export type FailureCause =
	| 'credential-invalid'
	| 'quota-exhausted'
	| 'rate-limited'
	| 'temporarily-unavailable'
	| 'configuration-invalid';

export interface ErrorInfo {
	message: string;
	hint: string;
	behaviour: ErrorBehaviour;
	cause?: FailureCause;
	/**
	 * CapMonster rejected the key or the IP: later requests of the execution fail the same way without
	 * being sent, because repeated bad requests get the IP banned for 10 minutes.
	 */
	stopsFurtherRequests?: boolean;
}

const CHECK_TASK_FIELDS = 'Check the task fields against the page the captcha is on.';

export const ERROR_TABLE: Record<string, ErrorInfo> = {
	CAPTCHA_NOT_READY: {
		message: 'The captcha is not solved yet',
		hint: 'Nothing to do: the node keeps polling until the task is ready or the timeout is reached.',
		behaviour: 'notReady',
	},
	ERROR_NO_SLOT_AVAILABLE: {
		message: 'CapMonster has no free solving capacity right now',
		hint: 'The node retries with backoff. If it keeps happening, lower Max Concurrent Tasks or contact CapMonster support.',
		behaviour: 'retryLater',
		cause: 'temporarily-unavailable',
	},
	ERROR_TOO_MUCH_REQUESTS: {
		message: 'Too many requests to CapMonster',
		hint: 'Results may be requested at most once every 2 seconds per task. The node slows down by itself; lower Max Concurrent Tasks if it persists.',
		behaviour: 'slowDown',
		cause: 'rate-limited',
	},
	ERROR_CAPTCHA_UNSOLVABLE: {
		message: 'CapMonster could not solve this captcha',
		hint: `${CHECK_TASK_FIELDS} Turn on No Cache for sites that reject cached tokens, or turn on the Retry Unsolvable option to try once more with a new task.`,
		behaviour: 'unsolvable',
	},
	ERROR_RECAPTCHA_TIMEOUT: {
		message: 'Solving the reCAPTCHA timed out on CapMonster',
		hint: 'Usually a slow proxy or a slow Google response. Try again, or use another proxy.',
		behaviour: 'unsolvable',
	},
	ERROR_PROXY_CONNECT_REFUSED: {
		message: 'CapMonster could not connect to the proxy',
		hint: 'Check the proxy address and port, and that the proxy accepts connections from CapMonster (whitelist 65.21.190.34 for IP-authorised proxies).',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_PROXY_READ_TIMEOUT: {
		message: 'The proxy did not answer in time',
		hint: 'The proxy is slow or dead, or the address/port is wrong. Try another proxy.',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_PROXY_BANNED: {
		message: 'The proxy IP is banned by the target site',
		hint: 'Use another proxy.',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_PROXY_MISSING: {
		message: 'This task needs a proxy, and none (or an incomplete one) was given',
		hint: 'Fill in the proxy type, address and port (and login/password if the proxy needs them).',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_PROXY_NOT_AUTHORISED: {
		message: 'The proxy rejected the login or password',
		hint: 'Check the proxy login and password.',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_TOKEN_EXPIRED: {
		message: 'A one-time value from the page (such as the GeeTest challenge) has expired',
		hint: 'Read a fresh value from the page right before creating the task. Note: CapMonster charges for this task.',
		behaviour: 'final',
	},
	ERROR_NO_SUCH_CAPCHA_ID: {
		message: 'CapMonster does not know this task ID',
		hint: 'The ID is wrong, belongs to another API key, or is older than 5 minutes (results are kept for about 5 minutes).',
		behaviour: 'final',
	},
	WRONG_CAPTCHA_ID: {
		message: 'CapMonster does not know this task ID',
		hint: 'The ID is wrong, belongs to another API key, or is older than 5 minutes (results are kept for about 5 minutes).',
		behaviour: 'final',
	},
	ERROR_KEY_DOES_NOT_EXIST: {
		message: 'The API key is not valid',
		hint: 'Check the API key in the CapMonster credential (copy it again from the CapMonster Cloud dashboard). Repeated requests with a wrong key get the IP banned for 10 minutes.',
		behaviour: 'final',
		cause: 'credential-invalid',
		stopsFurtherRequests: true,
	},
	ERROR_ZERO_BALANCE: {
		message: 'The CapMonster account has no balance left',
		hint: 'Top up the CapMonster Cloud balance. Use the Get Balance operation with Fail If Below to stop a workflow before it runs dry.',
		behaviour: 'final',
		cause: 'quota-exhausted',
	},
	ERROR_IP_NOT_ALLOWED: {
		message: 'This IP address is not allowed to use the API key',
		hint: "Add the n8n server's public IP to the API key's trusted IP list in the CapMonster Cloud dashboard, or clear the list.",
		behaviour: 'final',
		cause: 'credential-invalid',
		stopsFurtherRequests: true,
	},
	ERROR_IP_BANNED: {
		message: 'This IP address is temporarily banned by CapMonster',
		hint: 'Too many requests with a wrong key or bad parameters. Wait about 10 minutes, then fix the cause before retrying.',
		behaviour: 'final',
		cause: 'rate-limited',
		stopsFurtherRequests: true,
	},
	ERROR_IP_BLOCKED: {
		message: 'This IP address is temporarily blocked by CapMonster',
		hint: 'Too many failed requests. Wait about 10 minutes, then fix the cause before retrying.',
		behaviour: 'final',
		cause: 'rate-limited',
		stopsFurtherRequests: true,
	},
	ERROR_NO_SUCH_METHOD: {
		message: 'CapMonster does not know this method or task type',
		hint: 'Check the Base URL in the credential and, for a Custom (Raw JSON) task, the task "type".',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_TASK_NOT_SUPPORTED: {
		message: 'CapMonster does not support this task type',
		hint: 'Check the task "type" (and "class") spelling. Some types, such as hCaptcha, are not supported by CapMonster Cloud.',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_TASK_ABSENT: {
		message: 'The task is missing or is not valid JSON',
		hint: 'For a Custom (Raw JSON) task, give a JSON object with a "type" field.',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_DOMAIN_NOT_ALLOWED: {
		message: 'CapMonster does not solve captchas for this site',
		hint: 'The site is on CapMonster’s blocklist; nothing in the node can change that.',
		behaviour: 'final',
	},
	ERROR_RECAPTCHA_INVALID_SITEKEY: {
		message: 'The site key is not valid',
		hint: 'Copy the site key again from the page (the data-sitekey attribute, or the k= / render= parameter of the captcha script).',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_RECAPTCHA_INVALID_DOMAIN: {
		message: 'The site key does not belong to this website URL',
		hint: 'Use the full http(s) URL of the page that shows the captcha, and the site key from that same page.',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_ZERO_CAPTCHA_FILESIZE: {
		message: 'The captcha image is too small',
		hint: 'The image must be at least 100 bytes. Check that the binary property or base64 text holds the whole image.',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_TOO_BIG_CAPTCHA_FILESIZE: {
		message: 'The captcha image is too big',
		hint: 'The image must be under 50 KB. Crop or compress it first.',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	ERROR_WRONG_USERAGENT: {
		message: 'CapMonster rejected the user agent',
		hint: 'Leave User Agent empty, or use the current one from the Get User Agent operation.',
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
	InputValidationError: {
		message: 'CapMonster rejected the task parameters',
		hint: CHECK_TASK_FIELDS,
		behaviour: 'final',
		cause: 'configuration-invalid',
	},
};

/** What a code unknown to the table gets: CapMonster's own words, when it sent any. */
export function describeErrorCode(code: string, serverText?: string): ErrorInfo {
	return (
		ERROR_TABLE[code] ?? {
			message: serverText ? `CapMonster error: ${serverText}` : `CapMonster error ${code}`,
			hint: 'See https://docs.capmonster.cloud/docs/api/api-errors for this code.',
			behaviour: 'final',
		}
	);
}

/** The node's own codes: what went wrong around CapMonster rather than inside it. */
export const NODE_ERRORS = {
	TIMEOUT: {
		hint: 'The task may still finish: fetch it with Get Task Result within 5 minutes, or raise the Timeout option.',
		behaviour: 'final',
	},
	CANCELLED: { hint: 'Nothing to do.', behaviour: 'final' },
	/** An answer that is not CapMonster JSON, or CapMonster JSON that lacks what it must hold. */
	MALFORMED_RESPONSE: {
		hint: 'Check the Base URL in the credential; a gateway or proxy in between may be failing.',
		behaviour: 'final',
		cause: 'temporarily-unavailable',
	},
	/** An earlier try's createTask got no answer; the task may exist, so a retry does not send it again. */
	CREATE_OUTCOME_UNKNOWN: {
		hint: 'Check in the CapMonster Cloud dashboard whether the task was created; run the workflow again to create a new one.',
		behaviour: 'final',
	},
	/** The input failed the node's checks; nothing was sent. */
	INVALID_INPUT: {
		hint: 'Fix the value in the node (or in the expression that produces it).',
		behaviour: 'final',
	},
} satisfies Record<string, Omit<ErrorInfo, 'message'>>;

/** Network codes that prove the request never reached a server: sending it again cannot double anything. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EAI_FAIL',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'EADDRNOTAVAIL',
]);
/** TLS failures: nothing was sent either, but sending again fails the same way. */
const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|EPROTO$)/;
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

interface ErrorDetails {
	message: string;
	description: string;
	errorCode: string;
	hint: string;
	behaviour: ErrorBehaviour;
	outcome: RequestOutcome;
	httpStatus?: number;
	cause?: FailureCause;
	stopsFurtherRequests?: boolean;
	/** A CANCELLED that only follows from another item's failure, never the failure to report. */
	stoppedByOtherItem?: boolean;
	itemIndex?: number;
	taskId?: number;
}

/** One error type for everything that went wrong between the node and CapMonster. */
export class CapMonsterApiError extends NodeApiError {
	readonly errorCode: string;

	readonly hint: string;

	readonly behaviour: ErrorBehaviour;

	readonly outcome: RequestOutcome;

	readonly httpStatus?: number;

	readonly failureCause?: FailureCause;

	readonly stopsFurtherRequests: boolean;

	readonly stoppedByOtherItem: boolean;

	taskId?: number;

	constructor(node: INode, details: ErrorDetails) {
		const response: JsonObject = { errorCode: details.errorCode, hint: details.hint };
		if (details.taskId !== undefined) response.taskId = details.taskId;
		// Newer hosts classify failures (`failure.cause`); older ones ignore the extra option.
		const options: ConstructorParameters<typeof NodeApiError>[2] & {
			failure?: { cause: FailureCause };
		} = {
			message: details.message,
			description: details.description,
			httpCode: details.httpStatus === undefined ? undefined : String(details.httpStatus),
			itemIndex: details.itemIndex,
			...(details.cause ? { failure: { cause: details.cause } } : {}),
		};
		super(node, response, options);
		// NodeApiError swaps a message that mentions a network code (ECONNRESET, …) for a generic
		// one ("You can retry the request immediately"), which is wrong for a createTask that may
		// have been charged: keep ours.
		this.message = details.message;
		this.description = details.description;
		this.errorCode = details.errorCode;
		this.hint = details.hint;
		this.behaviour = details.behaviour;
		this.outcome = details.outcome;
		this.httpStatus = details.httpStatus;
		this.failureCause = details.cause;
		this.stopsFurtherRequests = details.stopsFurtherRequests === true;
		this.stoppedByOtherItem = details.stoppedByOtherItem === true;
		this.taskId = details.taskId;
		this.context.errorCode = details.errorCode;
		this.context.hint = details.hint;
	}

	/** Adds a sentence to the long description (e.g. what the failure means for charges). */
	explain(...more: Array<string | undefined>): this {
		this.description = sentences(this.description ?? undefined, ...more);
		return this;
	}
}

/** Joins parts into sentences: each ends with a full stop, empty parts are dropped. */
export function sentences(...parts: Array<string | undefined | null>): string {
	return parts
		.map((part) => (part ?? '').trim())
		.filter(Boolean)
		.map((part) => (/[.!?:)]$/.test(part) ? part : `${part}.`))
		.join(' ');
}

const MAY_BE_CHARGED =
	'The task may have been created (and charged) even though no answer arrived, so the node did not send it again.';

/** The longest server text the node repeats in a message. */
const MAX_SERVER_TEXT = 300;

function serverWords(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > MAX_SERVER_TEXT ? `${flat.slice(0, MAX_SERVER_TEXT)}…` : flat;
}

/** `{errorId: 1, errorCode, errorDescription}`: CapMonster's own error. Server texts must be redacted already. */
export function errorFromBody(
	node: INode,
	body: { errorCode: string; errorDescription: string; httpStatus?: number },
	itemIndex?: number,
): CapMonsterApiError {
	const { errorCode } = body;
	const serverText = serverWords(body.errorDescription);
	const info = describeErrorCode(errorCode, serverText);
	return new CapMonsterApiError(node, {
		message: `${info.message} [${errorCode}]`,
		description: sentences(serverText && `CapMonster says: ${serverText}`, info.hint),
		errorCode,
		hint: info.hint,
		behaviour: info.behaviour,
		cause: info.cause,
		stopsFurtherRequests: info.stopsFurtherRequests,
		outcome: 'answered',
		httpStatus: body.httpStatus,
		itemIndex,
	});
}

/** An HTTP error status without a CapMonster error body. */
export function errorFromHttpStatus(
	node: INode,
	method: string,
	statusCode: number,
	itemIndex?: number,
): CapMonsterApiError {
	const rateLimited = statusCode === 429;
	// After a 5xx nobody knows whether the server acted; a 4xx was refused.
	const outcome: RequestOutcome = statusCode >= 500 ? 'unknown' : 'answered';
	return new CapMonsterApiError(node, {
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

/** A 3xx: the node does not follow it. `location` must be redacted already. */
export function errorFromRedirect(
	node: INode,
	method: string,
	statusCode: number,
	location: string | undefined,
	itemIndex?: number,
): CapMonsterApiError {
	const target = location ? ` to ${serverWords(location)}` : '';
	return new CapMonsterApiError(node, {
		message: `The Base URL redirects (HTTP ${statusCode}${target}, ${method})`,
		description:
			'The node does not follow redirects, because that would send the API key to another address. Set the Base URL in the credential to the address the server redirects to.',
		errorCode: `HTTP_${statusCode}`,
		hint: 'Set the Base URL in the credential to the final address.',
		behaviour: 'final',
		outcome: 'answered',
		httpStatus: statusCode,
		cause: 'configuration-invalid',
		itemIndex,
	});
}

/**
 * A request that got no HTTP answer. Only the code is kept: the error n8n throws carries the request
 * config, and so the key. What the code proves about the request decides whether it may be re-sent.
 */
export function errorFromNetwork(
	node: INode,
	method: string,
	code: string,
	itemIndex?: number,
): CapMonsterApiError {
	const timedOut = TIMEOUT_CODES.has(code);
	const tls = TLS_CODE.test(code);
	const notSent = NOT_SENT_CODES.has(code) || tls;
	const what = timedOut
		? `CapMonster did not answer in time (${method})`
		: tls
			? `The TLS connection to CapMonster failed (${method}: ${code})`
			: `Could not reach CapMonster (${method}: ${code})`;
	const charges = notSent
		? 'Nothing reached CapMonster, so nothing was charged.'
		: method === 'createTask'
			? MAY_BE_CHARGED
			: undefined;
	return new CapMonsterApiError(node, {
		message: what,
		description: sentences(
			tls
				? 'Check the Base URL in the credential (its certificate does not match or is not trusted).'
				: 'Check the Base URL in the credential and the network or proxy between n8n and CapMonster.',
			charges,
		),
		errorCode: timedOut ? 'TIMEOUT' : code,
		hint: tls
			? 'Check the Base URL in the credential.'
			: 'Check the network and the Base URL, then try again.',
		// Nothing was sent, so sending again later is safe (unless TLS will fail the same way).
		behaviour: notSent && !tls ? 'retryLater' : 'final',
		outcome: notSent ? 'notSent' : 'unknown',
		cause: tls ? 'configuration-invalid' : 'temporarily-unavailable',
		itemIndex,
	});
}

/** The answer could not be used: not CapMonster JSON, too large, or lacking what it must hold. */
export function malformedResponse(
	node: INode,
	method: string,
	problem: string,
	options: { itemIndex?: number; taskId?: number; httpStatus?: number; outcome?: RequestOutcome },
): CapMonsterApiError {
	return new CapMonsterApiError(node, {
		message: `CapMonster sent an answer the node cannot use (${method}): ${problem}`,
		description: sentences(
			NODE_ERRORS.MALFORMED_RESPONSE.hint,
			method === 'createTask' ? MAY_BE_CHARGED : undefined,
		),
		errorCode: 'MALFORMED_RESPONSE',
		hint: NODE_ERRORS.MALFORMED_RESPONSE.hint,
		behaviour: 'final',
		outcome: options.outcome ?? 'unknown',
		httpStatus: options.httpStatus,
		cause: NODE_ERRORS.MALFORMED_RESPONSE.cause,
		itemIndex: options.itemIndex,
		taskId: options.taskId,
	});
}

/** No solution before the item's deadline, the 120-poll cap or the end of the retries. */
export function timeoutError(
	node: INode,
	details: {
		taskId: number;
		waitedMs: number;
		why: string;
		lastProblem?: string;
		itemIndex?: number;
	},
): CapMonsterApiError {
	const seconds = Math.round(details.waitedMs / 100) / 10;
	const hint = `The task may still finish: fetch it with Get Task Result (task ID ${details.taskId}) within 5 minutes, or raise the Timeout option.`;
	return new CapMonsterApiError(node, {
		message: `No solution from CapMonster after ${seconds} s (task ${details.taskId}): ${details.why}`,
		description: sentences(
			'The task was still being solved when the node stopped waiting',
			details.lastProblem && `Last problem while polling: ${details.lastProblem}`,
			hint,
		),
		errorCode: 'TIMEOUT',
		hint,
		behaviour: NODE_ERRORS.TIMEOUT.behaviour,
		outcome: 'answered',
		cause: details.lastProblem ? 'temporarily-unavailable' : undefined,
		itemIndex: details.itemIndex,
		taskId: details.taskId,
	});
}

/** The execution was stopped, or another item failed and stopped the node. */
export function cancelledError(
	node: INode,
	details: { itemIndex?: number; taskId?: number; byUser: boolean },
): CapMonsterApiError {
	const why = details.byUser
		? 'The execution was cancelled.'
		: 'Another item failed and stopped the node.';
	return new CapMonsterApiError(node, {
		message: 'Stopped before CapMonster answered',
		description: sentences(
			why,
			details.taskId === undefined
				? undefined
				: `Task ${details.taskId} was created; its result can be fetched with Get Task Result within 5 minutes`,
		),
		errorCode: 'CANCELLED',
		hint: NODE_ERRORS.CANCELLED.hint,
		behaviour: NODE_ERRORS.CANCELLED.behaviour,
		outcome: 'unknown',
		stoppedByOtherItem: !details.byUser,
		itemIndex: details.itemIndex,
		taskId: details.taskId,
	});
}

/** A request the rule "stop after the key or IP is rejected" kept back. */
export function rejectedBefore(
	node: INode,
	first: CapMonsterApiError,
	itemIndex?: number,
): CapMonsterApiError {
	return new CapMonsterApiError(node, {
		message: first.message,
		description: sentences(
			first.description ?? undefined,
			'Not sent: CapMonster already rejected the key or IP in this execution, and repeating the request would risk a 10-minute ban',
		),
		errorCode: first.errorCode,
		hint: first.hint,
		behaviour: 'final',
		outcome: 'notSent',
		cause: first.failureCause,
		itemIndex,
	});
}

/** A createTask whose outcome is unknown is never re-sent: the error says why. */
export function withUnknownOutcomeNote(error: CapMonsterApiError): CapMonsterApiError {
	if (
		error.outcome === 'unknown' &&
		error.errorCode !== 'CANCELLED' &&
		!error.description?.includes(MAY_BE_CHARGED)
	)
		error.explain(MAY_BE_CHARGED);
	return error;
}

/** Retry On Fail met an item whose createTask of an earlier try got no answer. */
export function notResentOnRetry(node: INode, itemIndex: number): CapMonsterApiError {
	return new CapMonsterApiError(node, {
		message: `The task of item ${itemIndex} was not created again on this retry`,
		description: sentences(
			'An earlier try sent its createTask and got no answer, so the task may exist and may have been charged',
			'Retrying would risk a second charge, so the node did not send it again',
			NODE_ERRORS.CREATE_OUTCOME_UNKNOWN.hint,
		),
		errorCode: 'CREATE_OUTCOME_UNKNOWN',
		hint: NODE_ERRORS.CREATE_OUTCOME_UNKNOWN.hint,
		behaviour: 'final',
		outcome: 'notSent',
		itemIndex,
	});
}
