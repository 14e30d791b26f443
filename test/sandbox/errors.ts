/**
 * CapMonster Cloud error codes with descriptions paraphrased from the vendor's error page
 * (https://docs.capmonster.cloud/docs/api/api-errors/), so injected errors look like real ones.
 */

export const ERROR_DESCRIPTIONS: Readonly<Record<string, string>> = {
	ERROR_KEY_DOES_NOT_EXIST:
		'Account authorization key not found in the system or has incorrect format',
	ERROR_ZERO_BALANCE: 'Account has zero or negative balance',
	ERROR_TOO_BIG_CAPTCHA_FILESIZE: 'The size of the captcha you are uploading is more than 50 KB',
	ERROR_ZERO_CAPTCHA_FILESIZE: 'The size of the captcha you are uploading is less than 100 bytes',
	ERROR_NO_SUCH_CAPCHA_ID:
		'The captcha you are requesting was not found. Make sure you are requesting a status update only within 5 minutes of uploading',
	WRONG_CAPTCHA_ID:
		'The captcha you are requesting was not found. Make sure you are requesting a status update only within 5 minutes of uploading',
	ERROR_CAPTCHA_UNSOLVABLE:
		'This type of captchas is not supported by the service or the image does not contain an answer',
	CAPTCHA_NOT_READY: 'Captcha is not ready yet',
	ERROR_IP_NOT_ALLOWED: 'Request with current account key is not allowed from your IP',
	ERROR_IP_BANNED:
		'You have exceeded the limit of requests with the wrong api key, try again later',
	ERROR_IP_BLOCKED: 'Your IP is blocked due to API inappropriate use',
	ERROR_NO_SUCH_METHOD: 'Request to API made with method which does not exist',
	ERROR_TOO_MUCH_REQUESTS:
		'You have exceeded the limit of requests to receive an answer for one task. Try to request the result of the task no more than 1 time in 2 seconds',
	ERROR_DOMAIN_NOT_ALLOWED: 'Captcha from some domains cannot be solved in CapMonster Cloud',
	ERROR_TOKEN_EXPIRED: 'Captcha provider server reported that the additional token has expired',
	ERROR_NO_SLOT_AVAILABLE: 'No free servers are available to solve this task right now',
	ERROR_RECAPTCHA_INVALID_SITEKEY:
		'Captcha provider server reported that the websiteKey is incorrect',
	ERROR_RECAPTCHA_INVALID_DOMAIN:
		'Captcha provider server reported that the domain for this site key is incorrect or websiteURL is not an http(s) URL',
	ERROR_RECAPTCHA_TIMEOUT: 'Captcha solving timed out (slow proxy or captcha provider)',
	ERROR_PROXY_CONNECT_REFUSED: 'Failed to connect to the proxy: connection refused or timed out',
	ERROR_PROXY_READ_TIMEOUT: 'Timed out reading from the proxy: check proxyAddress and proxyPort',
	ERROR_PROXY_BANNED: 'The proxy IP is banned by the captcha service',
	ERROR_PROXY_MISSING:
		'Proxy is required but missing or incomplete, or proxyType is incorrect: provide proxyType, proxyAddress and proxyPort',
	ERROR_PROXY_NOT_AUTHORISED: 'Proxy authorization failed: check proxyLogin and proxyPassword',
	ERROR_TASK_NOT_SUPPORTED: 'The task type is not supported or is misspelled',
	ERROR_TASK_ABSENT: 'Task object is missing in the createTask request or the JSON is invalid',
	ERROR_WRONG_USERAGENT:
		'The userAgent is invalid or outdated; use the current one from /api/useragent/actual',
	InputValidationError: 'Task parameters are invalid',
};

export function describeError(code: string): string {
	return ERROR_DESCRIPTIONS[code] ?? `Error ${code}`;
}

/** The failure half of every JSON method's answer. */
export interface ApiError {
	errorCode: string;
	errorDescription: string;
}

export function apiError(errorCode: string, errorDescription?: string): ApiError {
	return { errorCode, errorDescription: errorDescription ?? describeError(errorCode) };
}
