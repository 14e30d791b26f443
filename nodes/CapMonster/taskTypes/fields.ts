/** Fields that many task types share, declared once. Types call these with their own wording where it differs. */
import type { FieldSpec } from './types';

export const websiteUrl = (
	description = 'Full address of the page that shows the captcha, e.g. https://example.com/login',
	overrides: Partial<FieldSpec> = {},
): FieldSpec => ({
	name: 'websiteURL',
	displayName: 'Website URL',
	description,
	path: 'websiteURL',
	kind: 'url',
	required: true,
	placeholder: 'https://example.com/login',
	...overrides,
});

export const websiteKey = (description: string, overrides: Partial<FieldSpec> = {}): FieldSpec => ({
	name: 'websiteKey',
	displayName: 'Website Key',
	description,
	path: 'websiteKey',
	kind: 'string',
	required: true,
	...overrides,
});

export const userAgent = (required = false): FieldSpec => ({
	name: 'userAgent',
	displayName: 'User Agent',
	description: required
		? 'User agent of the browser that opened the page: a current Windows browser (the Get User Agent operation gives one). Load the page and send the answer with this same user agent.'
		: 'Browser user agent to solve with. Leave empty to let CapMonster choose; if you set one, use a current Windows browser (see the Get User Agent operation) and send the token with the same user agent.',
	path: 'userAgent',
	kind: 'string',
	required,
});

export const cookies = (): FieldSpec => ({
	name: 'cookies',
	displayName: 'Cookies',
	description: 'Cookies to use while solving, as name1=value1; name2=value2',
	path: 'cookies',
	kind: 'string',
	placeholder: 'name1=value1; name2=value2',
});

export const pageAction = (description: string, overrides: Partial<FieldSpec> = {}): FieldSpec => ({
	name: 'pageAction',
	displayName: 'Page Action',
	description,
	path: 'pageAction',
	kind: 'string',
	...overrides,
});

export const isInvisible = (
	description = 'Whether the captcha is invisible (no checkbox; it runs when the form is submitted)',
): FieldSpec => ({
	name: 'isInvisible',
	displayName: 'Is Invisible',
	description,
	path: 'isInvisible',
	kind: 'boolean',
	default: false,
});

export const minScore = (): FieldSpec => ({
	name: 'minScore',
	displayName: 'Min Score',
	description: 'Lowest score (0.1–0.9) the token should get from Google',
	path: 'minScore',
	kind: 'number',
	min: 0.1,
	max: 0.9,
	default: 0.3,
});

/** A metadata field of a CustomTask class (`metadata.<name>`), required unless overridden. */
export const metadata = (
	name: string,
	displayName: string,
	description: string,
	overrides: Partial<FieldSpec> = {},
): FieldSpec => ({
	name,
	displayName,
	description,
	path: `metadata.${name}`,
	kind: 'string',
	required: true,
	...overrides,
});

/** The address of a script the captcha loads (jsapi.js, TCaptcha.js, api.js, …), sent as a URL string. */
export const scriptUrl = (
	name: string,
	displayName: string,
	description: string,
	overrides: Partial<FieldSpec> = {},
): FieldSpec => ({
	name,
	displayName,
	description,
	path: name,
	kind: 'url',
	required: true,
	placeholder: 'https://…/script.js',
	...overrides,
});

/** A bare API host name (no https://), for sites that serve the captcha API from their own subdomain. */
export const apiHost = (
	name: string,
	displayName: string,
	description: string,
	placeholder: string,
): FieldSpec => ({
	name,
	displayName,
	description,
	path: name,
	kind: 'host',
	placeholder,
});

/** A whole HTML page as base64 text (Cloudflare challenge pages, TSPD). */
export const htmlPageBase64 = (description: string, path = 'htmlPageBase64'): FieldSpec => ({
	name: 'htmlPageBase64',
	displayName: 'HTML Page (Base64)',
	description,
	path,
	kind: 'base64',
	required: true,
	rows: 4,
	placeholder: 'PCFET0NUWVBFIGh0bWw+…',
});

/** Turnstile's `data` (the widget's cData); optional on the widget, required for the challenge token mode. */
export const turnstileCData = (required = false): FieldSpec => ({
	name: 'data',
	displayName: 'CData',
	description: required
		? 'The cData value passed to turnstile.render() by the challenge page (intercept the render call, or find cData in the page script)'
		: 'The data-cdata attribute of the widget (or cData in its turnstile.render() call), if any',
	path: 'data',
	kind: 'string',
	required,
});

/** An option list sorted by name, as n8n's lint wants; plain strings are their own name. */
export const optionsOf = (
	values: Array<string | { name: string; value: string; description?: string }>,
): NonNullable<FieldSpec['options']> =>
	values
		.map((value) => (typeof value === 'string' ? { name: value, value } : value))
		.sort((a, b) => a.name.localeCompare(b.name));
