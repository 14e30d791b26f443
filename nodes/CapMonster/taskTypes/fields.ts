/** Fields that many task types share, declared once. Types call these with their own wording where it differs. */
import type { FieldSpec } from './types';

export const websiteUrl = (
	description = 'Full address of the page that shows the captcha, e.g. https://example.com/login',
): FieldSpec => ({
	name: 'websiteURL',
	displayName: 'Website URL',
	description,
	path: 'websiteURL',
	kind: 'url',
	required: true,
	placeholder: 'https://example.com/login',
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
	description:
		'Browser user agent to solve with. Leave empty to let CapMonster choose; if you set one, use a current Windows browser (see the Get User Agent operation) and send the token with the same user agent.',
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

/** A metadata field of a CustomTask class. */
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
