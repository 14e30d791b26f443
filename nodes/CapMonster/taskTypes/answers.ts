/** How the main answer (`token` in the output) is read from each kind of solution. */
import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../helpers/utils';

/** A top-level solution field, e.g. `gRecaptchaResponse` or `text`. */
export const field =
	(name: string) =>
	(solution: IDataObject): unknown =>
		solution[name];

/** A field under `solution.data` (TenDI, Altcha, HUNT, …); case-insensitive because the API is. */
export const dataField =
	(name: string) =>
	(solution: IDataObject): unknown =>
		getCaseInsensitive(getCaseInsensitive(solution, 'data'), name);

/** The whole solution object (GeeTest: several fields are all needed). */
export const wholeSolution = (solution: IDataObject): unknown => solution;

/** The whole `solution.data` object (TenDI: `randstr` and `ticket` are both needed). */
export const dataObject = (solution: IDataObject): unknown => getCaseInsensitive(solution, 'data');

/**
 * Amazon AWS WAF: with Cookie Solution on, the value of the `aws-waf-token` cookie; otherwise the
 * `captcha_voucher` / `existing_token` pair, which is only useful as a whole.
 */
export const amazonAnswer = (solution: IDataObject): unknown => {
	const token = getCaseInsensitive(getCaseInsensitive(solution, 'cookies'), 'aws-waf-token');
	if (token !== undefined && token !== null) return token;
	const voucher = getCaseInsensitive(solution, 'captcha_voucher');
	const existing = getCaseInsensitive(solution, 'existing_token');
	if (voucher === undefined && existing === undefined) return undefined;
	return { captcha_voucher: voucher, existing_token: existing } as IDataObject;
};

/**
 * Cookie-based solutions (`domains.<host>.cookies`, capitalised for TSPD) become one
 * `name=value; name2=value2` string, ready for a Cookie header. Set-Cookie attributes that some
 * solutions append to a value (Imperva: `…; Max-Age=…; Domain=…; Path=/`) are dropped.
 */
export const cookieHeader = (solution: IDataObject): unknown => {
	const domains = getCaseInsensitive(solution, 'domains');
	if (!isObject(domains)) return undefined;
	const pairs: string[] = [];
	for (const domain of Object.values(domains)) {
		const cookies = getCaseInsensitive(domain, 'cookies');
		if (!isObject(cookies)) continue;
		for (const [name, value] of Object.entries(cookies)) {
			if (value !== null && value !== undefined)
				pairs.push(`${name}=${String(value).split(';')[0].trim()}`);
		}
	}
	return pairs.length ? pairs.join('; ') : undefined;
};

/** Reads the main answer of a solution whose task type is not known (Get Task Result, raw JSON tasks). */
export function guessAnswer(solution: IDataObject): unknown {
	for (const name of ['gRecaptchaResponse', 'token', 'text', 'answer', 'cf_clearance']) {
		if (solution[name] !== undefined) return solution[name];
	}
	const data = getCaseInsensitive(solution, 'data');
	const fromData =
		getCaseInsensitive(data, 'token') ?? getCaseInsensitive(data, 'captcha_response');
	return (
		fromData ?? cookieHeader(solution) ?? (Object.keys(solution).length ? solution : undefined)
	);
}

export function getCaseInsensitive(value: unknown, key: string): unknown {
	if (!isObject(value)) return undefined;
	if (key in value) return value[key];
	const lower = key.toLowerCase();
	const match = Object.keys(value).find((k) => k.toLowerCase() === lower);
	return match === undefined ? undefined : value[match];
}
