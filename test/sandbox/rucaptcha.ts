/**
 * The RuCaptcha/2Captcha-compatible `in.php` / `res.php` front end (https://docs.capmonster.cloud/docs/api/token-accept/): translates
 * the URL parameters into a JSON task for the same task table, and formats answers the 2Captcha
 * way (`OK|…` text or `{"status":1,"request":…}` with json=1).
 */
import type { JsonObject } from './fields';
import type { Solution } from './taskTypes';

export type RuParams = Record<string, string>;

export interface RuTaskMapping {
	task?: JsonObject;
	/** 2Captcha-style error code when the parameters cannot form a task. */
	error?: string;
	warnings: string[];
}

/** Parameters in.php understands whatever the method. */
const GENERAL_PARAMS = [
	'key',
	'method',
	'json',
	'nocache',
	'soft_id',
	'header_acao',
	'proxy',
	'proxytype',
];

const METHOD_PARAMS: Record<string, string[]> = {
	userrecaptcha: [
		'googlekey',
		'pageurl',
		'invisible',
		'version',
		'action',
		'min_score',
		'enterprise',
		'data-s',
		'userAgent',
		'cookies',
	],
	base64: ['body', 'regsense', 'numeric', 'calc'],
	turnstile: ['sitekey', 'pageurl', 'action', 'data', 'pagedata', 'userAgent'],
	funcaptcha: ['publickey', 'pageurl', 'surl', 'userAgent', 'data'],
	geetest: ['gt', 'challenge', 'pageurl', 'api_server', 'userAgent'],
	geetest_v4: ['captcha_id', 'pageurl', 'api_server', 'userAgent'],
};

const flag = (value: string | undefined): boolean =>
	value === '1' || value?.toLowerCase() === 'true';

/** Builds the JSON task equivalent of an in.php request. */
export function ruCaptchaTask(params: RuParams): RuTaskMapping {
	const method = (params.method ?? '').toLowerCase();
	const known = METHOD_PARAMS[method];
	if (!known) return { error: 'ERROR_NO_SUCH_METHOD', warnings: [] };
	const warnings = Object.keys(params)
		.filter((name) => !GENERAL_PARAMS.includes(name) && !known.includes(name))
		.map((name) => `${name}: unknown in.php parameter for method=${method}`);

	const task: JsonObject = {};
	const set = (field: string, value: unknown): void => {
		if (value !== undefined && value !== '') task[field] = value;
	};
	switch (method) {
		case 'userrecaptcha': {
			if (!params.googlekey) return { error: 'ERROR_GOOGLEKEY', warnings };
			if (!params.pageurl) return { error: 'ERROR_PAGEURL', warnings };
			const v3 = params.version?.toLowerCase() === 'v3';
			const enterprise = flag(params.enterprise);
			task.type = v3
				? enterprise
					? 'RecaptchaV3EnterpriseTask'
					: 'RecaptchaV3TaskProxyless'
				: enterprise
					? 'RecaptchaV2EnterpriseTask'
					: 'RecaptchaV2Task';
			set('websiteURL', params.pageurl);
			set('websiteKey', params.googlekey);
			if (v3) {
				set('pageAction', params.action);
				if (params.min_score !== undefined) set('minScore', Number(params.min_score));
			} else {
				if (flag(params.invisible) && !enterprise) task.isInvisible = true;
				if (enterprise) set('pageAction', params.action);
				set('recaptchaDataSValue', params['data-s']);
				set('userAgent', params.userAgent);
				set('cookies', params.cookies);
			}
			break;
		}
		case 'base64':
			if (!params.body) return { error: 'ERROR_ZERO_CAPTCHA_FILESIZE', warnings };
			task.type = 'ImageToTextTask';
			task.body = params.body;
			if (flag(params.regsense)) task.case = true;
			if (params.numeric === '1') task.numeric = 1;
			if (flag(params.calc)) task.math = true;
			break;
		case 'turnstile':
			if (!params.sitekey) return { error: 'ERROR_GOOGLEKEY', warnings };
			if (!params.pageurl) return { error: 'ERROR_PAGEURL', warnings };
			task.type = 'TurnstileTask';
			set('websiteURL', params.pageurl);
			set('websiteKey', params.sitekey);
			set('pageAction', params.action);
			set('data', params.data);
			if (params.pagedata) {
				task.cloudflareTaskType = 'token';
				set('pageData', params.pagedata);
				set('userAgent', params.userAgent);
			}
			break;
		case 'funcaptcha':
			if (!params.publickey || !params.pageurl) return { error: 'ERROR_BAD_PARAMETERS', warnings };
			task.type = 'FunCaptchaTask';
			set('websiteURL', params.pageurl);
			set('websitePublicKey', params.publickey);
			set(
				'funcaptchaApiJSSubdomain',
				params.surl?.replace(/^https?:\/\//i, '').replace(/\/.*$/, ''),
			);
			set('data', params.data);
			set('userAgent', params.userAgent);
			break;
		case 'geetest':
		case 'geetest_v4': {
			const v4 = method === 'geetest_v4';
			const gt = v4 ? params.captcha_id : params.gt;
			if (!gt || !params.pageurl || (!v4 && !params.challenge))
				return { error: 'ERROR_BAD_PARAMETERS', warnings };
			task.type = 'GeeTestTask';
			set('websiteURL', params.pageurl);
			set('gt', gt);
			if (v4) task.version = 4;
			else set('challenge', params.challenge);
			set('geetestApiServerSubdomain', params.api_server);
			set('userAgent', params.userAgent);
			break;
		}
	}

	// 2Captcha proxy syntax: proxy=login:password@host:port, proxytype=HTTP|HTTPS|SOCKS4|SOCKS5.
	if (params.proxy) {
		const match = /^(?:([^:@]*):([^@]*)@)?([^:@]+):(\d+)$/.exec(params.proxy);
		if (!match) return { error: 'ERROR_BAD_PROXY', warnings };
		task.proxyType = (params.proxytype ?? 'http').toLowerCase();
		task.proxyAddress = match[3];
		task.proxyPort = Number(match[4]);
		if (match[1]) task.proxyLogin = match[1];
		if (match[2]) task.proxyPassword = match[2];
	}
	return { task, warnings };
}

/** The single answer string res.php returns for a solution (plus the user agent, if any). */
export function ruCaptchaAnswer(solution: Solution): { answer: string; useragent?: string } {
	const useragent = typeof solution.userAgent === 'string' ? solution.userAgent : undefined;
	for (const field of ['gRecaptchaResponse', 'token', 'text', 'cf_clearance'])
		if (typeof solution[field] === 'string')
			return { answer: solution[field] as string, useragent };
	if (typeof solution.challenge === 'string' && typeof solution.validate === 'string')
		return {
			answer: JSON.stringify({
				geetest_challenge: solution.challenge,
				geetest_validate: solution.validate,
				geetest_seccode: solution.seccode,
			}),
			useragent,
		};
	return { answer: JSON.stringify(solution), useragent };
}

/**
 * Formats an in.php / res.php reply: JSON `{status, request, …extra}` with json=1, else text —
 * `OK|<request>` for successes that carry a value (ids, answers), the bare request otherwise
 * (`bare`: balances, OK_REPORT_RECORDED, error codes, CAPCHA_NOT_READY).
 */
export function ruReply(
	json: boolean,
	ok: boolean,
	request: string,
	options: { bare?: boolean; extra?: Record<string, unknown> } = {},
): { contentType: string; text: string; parsed: unknown } {
	if (json) {
		const body = { status: ok ? 1 : 0, request, ...options.extra };
		return { contentType: 'application/json', text: JSON.stringify(body), parsed: body };
	}
	const text = ok && !options.bare ? `OK|${request}` : request;
	return { contentType: 'text/plain', text, parsed: text };
}
