/**
 * Every CapMonster error code the node knows, in one table: what the user reads, what they should do,
 * and how the solve loop treats it. A new error code goes here and nowhere else.
 */
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
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
	},
	ERROR_IP_BANNED: {
		message: 'This IP address is temporarily banned by CapMonster',
		hint: 'Too many requests with a wrong key or bad parameters. Wait about 10 minutes, then fix the cause before retrying.',
		behaviour: 'final',
		cause: 'rate-limited',
	},
	ERROR_IP_BLOCKED: {
		message: 'This IP address is temporarily blocked by CapMonster',
		hint: 'Too many failed requests. Wait about 10 minutes, then fix the cause before retrying.',
		behaviour: 'final',
		cause: 'rate-limited',
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

export function describeErrorCode(code: string, description?: string): ErrorInfo {
	return (
		ERROR_TABLE[code] ?? {
			message: description ? `CapMonster error: ${description}` : `CapMonster error ${code}`,
			hint: 'See https://docs.capmonster.cloud/docs/api/api-errors for this code.',
			behaviour: 'final',
		}
	);
}

interface ErrorDetails {
	message: string;
	description: string;
	errorCode: string;
	hint: string;
	behaviour: ErrorBehaviour;
	outcome: RequestOutcome;
	httpStatus?: number;
	cause?: FailureCause;
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

	taskId?: number;

	constructor(node: ReturnType<IExecuteFunctions['getNode']>, details: ErrorDetails) {
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
		this.errorCode = details.errorCode;
		this.hint = details.hint;
		this.behaviour = details.behaviour;
		this.outcome = details.outcome;
		this.httpStatus = details.httpStatus;
		this.failureCause = details.cause;
		this.taskId = details.taskId;
		this.context.errorCode = details.errorCode;
		this.context.hint = details.hint;
	}
}
