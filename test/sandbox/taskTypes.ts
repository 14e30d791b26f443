/**
 * Every task type the sandbox accepts — one declaration per type (or per CustomTask /
 * ComplexImageTask class) — written from the CapMonster Cloud docs (https://docs.capmonster.cloud/docs/captchas/), on
 * purpose without looking at the node's own task definitions, so the sandbox is an independent
 * model of the service rather than a mirror of the node.
 *
 * A declaration lists the fields the service knows with their JSON types (which fields are
 * required, which may be empty), alternative-required groups, variants (Turnstile modes, GeeTest
 * versions, Amazon field sets) with their own fields and proxy rule, and a function producing a
 * solution shaped like the vendor's examples. The generic validation in `validation.ts` reads
 * these declarations; adding a type means adding one entry to TASK_TYPES.
 */
import { answerForImage } from './captchaImage';
import type { ApiError } from './errors';
import { apiError } from './errors';
import { fake } from './fake';
import type { JsonType, TaskView } from './fields';

export type ProxyRule = 'none' | 'optional' | 'required';
/** Which report method applies: reportIncorrectImageCaptcha or reportIncorrectTokenCaptcha. */
export type ReportKind = 'image' | 'token';
export type Solution = Record<string, unknown>;

export interface FieldSpec {
	types: readonly JsonType[];
	/** 'nonEmpty': must be present and non-empty; 'present': must be present but may be ''. */
	required?: 'nonEmpty' | 'present';
	/** Documented numeric range; values outside produce a warning. */
	min?: number;
	max?: number;
	/** Documented values; others produce a warning. */
	values?: readonly (string | number | boolean)[];
	/** Base64 image(s): the 100 B – 50 KB size limits apply. */
	image?: boolean;
}
export type FieldInput = JsonType | FieldSpec;

export interface SolveContext {
	task: TaskView;
	variant?: string;
	/** The task's userAgent if it sent one, else the sandbox's "actual" user agent. */
	userAgent: string;
	taskId: number;
}

/** Extra, type-specific validation: an error rejects the task, warnings are recorded. */
export interface CheckResult {
	error?: ApiError;
	warnings?: string[];
}

export interface TaskVariant {
	name: string;
	/** First variant whose `when` holds is used. */
	when: (task: TaskView) => boolean;
	fields?: Record<string, FieldInput>;
	anyOf?: string[][];
	/** Overrides the declaration's proxy rule. */
	proxy?: ProxyRule;
	check?: (task: TaskView) => CheckResult | undefined;
	solve?: (ctx: SolveContext) => Solution;
}

export interface TaskTypeDeclaration {
	type: string;
	/** CustomTask / ComplexImageTask class (matched case-insensitively). */
	class?: string;
	/** Other accepted type names (legacy names still sent by vendor clients). */
	aliases?: readonly string[];
	title: string;
	kind: ReportKind;
	proxy: ProxyRule;
	/** Known task fields by dotted path (besides type, class, nocache and the proxy fields). */
	fields: Record<string, FieldInput>;
	/** Groups of which at least one field must be non-empty. */
	anyOf?: string[][];
	variants?: TaskVariant[];
	/** errorDescription when no variant matches. */
	noVariant?: string;
	check?: (task: TaskView, variant: TaskVariant | undefined) => CheckResult | undefined;
	/** Billing units (Castle bills per token); default 1. */
	costUnits?: (task: TaskView) => number;
	solve?: (ctx: SolveContext) => Solution;
}

/** Types the service reports as unsupported (hCaptcha: https://docs.capmonster.cloud/docs/captchas/ lists no hCaptcha page). */
export const UNSUPPORTED_TYPES: Readonly<Record<string, string>> = {
	hcaptchatask: 'hCaptcha is not supported by the service',
	hcaptchataskproxyless: 'hCaptcha is not supported by the service',
};

export const PROXY_FIELDS: Readonly<Record<string, JsonType>> = {
	proxyType: 'string',
	proxyAddress: 'string',
	proxyPort: 'integer',
	proxyLogin: 'string',
	proxyPassword: 'string',
};
export const PROXY_TYPES = ['http', 'https', 'socks4', 'socks5'] as const;

/** Fields every task may carry. `nocache` is documented for token tasks; JS lets it be set on any. */
export const COMMON_FIELDS: Readonly<Record<string, FieldInput>> = { nocache: 'boolean' };

// ---- field shorthands -------------------------------------------------------------------------

const req = (type: JsonType, extra: Partial<FieldSpec> = {}): FieldSpec => ({
	types: [type],
	required: 'nonEmpty',
	...extra,
});
/** Required to be present, but an empty string is allowed (e.g. Altcha's websiteKey). */
const present = (type: JsonType): FieldSpec => ({ types: [type], required: 'present' });
const opt = (types: JsonType | JsonType[], extra: Partial<FieldSpec> = {}): FieldSpec => ({
	types: Array.isArray(types) ? types : [types],
	...extra,
});

const SITE = { websiteURL: req('string'), websiteKey: req('string') } as const;

// ---- solution helpers -------------------------------------------------------------------------

function hostOf(task: TaskView): string {
	try {
		return new URL(String(task.get('websiteURL'))).hostname;
	} catch {
		return 'example.com';
	}
}
function originOf(task: TaskView): string {
	try {
		return new URL(String(task.get('websiteURL'))).origin;
	} catch {
		return 'https://example.com';
	}
}

/** reCAPTCHA response tokens are 500–2190 bytes of URL-safe base64 after a fixed prefix. */
const recaptchaToken = (): Solution => ({ gRecaptchaResponse: `03AFcWeA${fake.b64url(620)}` });
const turnstileToken = (): string => `0.${fake.b64url(280)}.${fake.hex(64)}`;
const cfClearance = (): string =>
	`${fake.b64url(43)}-${fake.unixSeconds()}-1.2.1.1-${fake.b64url(280)}`;

/** Decodes a base64 image field, tolerating a data: URL prefix. */
export function decodeImage(value: string): Buffer {
	return Buffer.from(value.replace(/^data:[^,]*,/, ''), 'base64');
}

function booleans(count: number, trueCount: number): boolean[] {
	const answer: boolean[] = Array.from({ length: count }, () => false);
	while (answer.filter(Boolean).length < Math.min(trueCount, count))
		answer[fake.int(0, count - 1)] = true;
	return answer;
}

/** ComplexImageTask "recognition" tasks (https://docs.capmonster.cloud/docs/captchas/ComplexImageTask-Recognition/): image count and answer per task. */
const RECOGNITION_TASKS: Readonly<
	Record<string, { images: number; answerType: string; answer: () => unknown }>
> = {
	oocl_rotate_new: {
		images: 2,
		answerType: 'NumericArray',
		answer: () => [fake.int(0, 35999) / 100],
	},
	oocl_rotate_double_new: {
		images: 3,
		answerType: 'NumericArray',
		answer: () => [fake.int(0, 35999) / 100],
	},
	betpunch_3x3_rotate: {
		images: 9,
		answerType: 'NumericArray',
		answer: () => Array.from({ length: 9 }, () => fake.int(1, 4)),
	},
	bls_3x3: { images: 9, answerType: 'Grid', answer: () => booleans(9, 3) },
	shein: {
		images: 1,
		answerType: 'Coordinate',
		answer: () =>
			Array.from({ length: 3 }, () => ({ X: fake.int(10, 3000) / 10, Y: fake.int(10, 3000) / 10 })),
	},
	baidu: { images: 1, answerType: 'NumericArray', answer: () => [fake.int(0, 359)] },
	bills_audio: {
		images: 1,
		answerType: 'Text',
		answer: () => Array.from({ length: 6 }, () => fake.int(0, 9)),
	},
	dli: { images: 1, answerType: 'Text', answer: () => String(fake.int(0, 9)) },
	portugal_text_find_icon: {
		images: 1,
		answerType: 'NumericArray',
		answer: () => [fake.int(1, 5)],
	},
};

const GRID_CELLS: Readonly<Record<string, number>> = { '3x3': 9, '4x4': 16, '1x1': 1 };

function imageCountError(actual: number, supported: number): CheckResult {
	return {
		error: apiError(
			'InputValidationError',
			`Image count: ${actual}, but the task supports: ${supported}`,
		),
	};
}
function imageCount(task: TaskView): number {
	const urls = task.get('imageUrls');
	const base64 = task.get('imagesBase64');
	return (Array.isArray(urls) ? urls.length : 0) + (Array.isArray(base64) ? base64.length : 0);
}

/** GeeTest `version` may arrive as 4 or (JS client) '4'. */
const geetestVersion = (task: TaskView): string => String(task.get('version') ?? '3');
const cloudflareMode = (task: TaskView): string | undefined => task.str('cloudflareTaskType');

// ---- the declarations -------------------------------------------------------------------------

const TURNSTILE_PROXY_MODE = {
	cloudflareTaskType: req('string'),
	htmlPageBase64: req('string'),
	userAgent: req('string'),
} as const;

export const TASK_TYPES: readonly TaskTypeDeclaration[] = [
	{
		type: 'RecaptchaV2Task',
		aliases: ['NoCaptchaTask', 'NoCaptchaTaskProxyless', 'RecaptchaV2TaskProxyless'],
		title: 'reCAPTCHA v2',
		kind: 'token',
		proxy: 'optional',
		fields: {
			...SITE,
			recaptchaDataSValue: 'string',
			userAgent: 'string',
			cookies: 'string',
			isInvisible: 'boolean',
		},
		solve: recaptchaToken,
	},
	{
		type: 'RecaptchaV2EnterpriseTask',
		aliases: ['RecaptchaV2EnterpriseTaskProxyless'],
		title: 'reCAPTCHA v2 Enterprise',
		kind: 'token',
		proxy: 'optional',
		fields: {
			...SITE,
			pageAction: 'string',
			// The docs table says string but their example and the JS client send an object (https://docs.capmonster.cloud/docs/captchas/recaptcha-v2-enterprise-task/).
			enterprisePayload: 'object',
			apiDomain: opt('string', { values: ['www.google.com', 'www.recaptcha.net'] }),
			userAgent: 'string',
			cookies: 'string',
			recaptchaDataSValue: 'string',
		},
		solve: recaptchaToken,
	},
	{
		type: 'RecaptchaV3TaskProxyless',
		title: 'reCAPTCHA v3',
		kind: 'token',
		proxy: 'none',
		fields: {
			...SITE,
			minScore: opt('number', { min: 0.1, max: 0.9 }),
			pageAction: 'string',
			isEnterprise: opt(['boolean', 'integer'], { values: [true, false, 0, 1] }),
		},
		solve: recaptchaToken,
	},
	{
		type: 'RecaptchaV3EnterpriseTask',
		title: 'reCAPTCHA v3 Enterprise',
		kind: 'token',
		proxy: 'none',
		fields: {
			...SITE,
			minScore: opt('number', { min: 0.1, max: 0.9 }),
			pageAction: 'string',
			userAgent: 'string',
		},
		solve: recaptchaToken,
	},
	{
		type: 'ImageToTextTask',
		title: 'Image to text',
		kind: 'image',
		proxy: 'none',
		fields: {
			body: req('string', { image: true }),
			capMonsterModule: 'string',
			recognizingThreshold: opt('integer', { min: 0, max: 100 }),
			case: 'boolean',
			numeric: opt('integer', { values: [0, 1] }),
			math: 'boolean',
		},
		solve: ({ task }) => {
			const text = answerForImage(decodeImage(String(task.get('body'))));
			// numeric=1 asks for digits only: map the derived answer onto digits.
			if (task.get('numeric') === 1 && !/^\d+$/.test(text))
				return { text: text.replace(/[^0-9]/g, (ch) => String(ch.charCodeAt(0) % 10)) };
			return { text };
		},
	},
	{
		type: 'ComplexImageTask',
		class: 'recaptcha',
		title: 'reCAPTCHA image grid (ComplexImageTask recaptcha)',
		kind: 'image',
		proxy: 'none',
		fields: {
			imageUrls: 'string[]',
			imagesBase64: opt('string[]', { image: true }),
			'metadata.Grid': req('string'),
			'metadata.Task': 'string',
			'metadata.TaskDefinition': 'string',
			userAgent: 'string',
			websiteURL: 'string',
		},
		anyOf: [
			['imageUrls', 'imagesBase64'],
			['metadata.Task', 'metadata.TaskDefinition'],
		],
		check: (task) => {
			const grid = String(task.get('metadata.Grid'));
			if (GRID_CELLS[grid] === undefined)
				return {
					error: apiError(
						'InputValidationError',
						`metadata.Grid: '${grid}' is not one of 3x3, 4x4, 1x1`,
					),
				};
			// One image per task: the whole grid, or one new 1x1 tile.
			const count = imageCount(task);
			return count === 1 ? undefined : imageCountError(count, 1);
		},
		solve: ({ task }) => {
			const cells = GRID_CELLS[String(task.get('metadata.Grid'))] ?? 9;
			return {
				answer: cells === 1 ? [fake.int(0, 1) === 1] : booleans(cells, cells === 9 ? 3 : 4),
			};
		},
	},
	{
		type: 'ComplexImageTask',
		class: 'recognition',
		title: 'Image recognition (ComplexImageTask recognition)',
		kind: 'image',
		proxy: 'none',
		fields: {
			imagesBase64: req('string[]', { image: true }),
			'metadata.Task': req('string'),
			'metadata.TaskArgument': 'string',
			'metadata.PayloadType': opt('string', { values: ['Audio'] }),
		},
		check: (task) => {
			const name = String(task.get('metadata.Task'));
			const known = RECOGNITION_TASKS[name];
			if (!known)
				return {
					warnings: [`metadata.Task '${name}' is not a recognition task listed in the reference`],
				};
			const count = imageCount(task);
			return count === known.images ? undefined : imageCountError(count, known.images);
		},
		solve: ({ task }) => {
			const known = RECOGNITION_TASKS[String(task.get('metadata.Task'))];
			return known
				? { answer: known.answer(), metadata: { AnswerType: known.answerType } }
				: { answer: [0], metadata: { AnswerType: 'NumericArray' } };
		},
	},
	{
		type: 'TurnstileTask',
		aliases: ['TurnstileTaskProxyless'],
		title: 'Cloudflare Turnstile',
		kind: 'token',
		proxy: 'optional',
		fields: { ...SITE },
		noVariant: 'cloudflareTaskType must be one of token, cf_clearance, wait_room (or absent)',
		variants: [
			{
				name: 'turnstile',
				when: (task) => cloudflareMode(task) === undefined,
				fields: { pageAction: 'string', data: 'string' },
				solve: ({ userAgent }) => ({ token: turnstileToken(), userAgent }),
			},
			{
				name: 'token',
				when: (task) => cloudflareMode(task) === 'token',
				fields: {
					cloudflareTaskType: req('string'),
					pageAction: req('string'),
					userAgent: req('string'),
					data: req('string'),
					pageData: req('string'),
					apiJsUrl: 'string',
				},
				solve: ({ userAgent }) => ({ token: turnstileToken(), userAgent }),
			},
			{
				name: 'cf_clearance',
				when: (task) => cloudflareMode(task) === 'cf_clearance',
				proxy: 'required',
				fields: TURNSTILE_PROXY_MODE,
				solve: () => ({ cf_clearance: cfClearance() }),
			},
			{
				name: 'wait_room',
				when: (task) => cloudflareMode(task) === 'wait_room',
				proxy: 'required',
				fields: TURNSTILE_PROXY_MODE,
				check: (task) => {
					const html = Buffer.from(String(task.get('htmlPageBase64')), 'base64').toString('utf8');
					return /Waiting Room powered by Cloudflare/i.test(html)
						? undefined
						: { warnings: ['htmlPageBase64 does not look like a Cloudflare Waiting Room page'] };
				},
				solve: () => ({ cf_clearance: cfClearance() }),
			},
		],
	},
	{
		type: 'GeeTestTask',
		aliases: ['GeeTestTaskProxyless'],
		title: 'GeeTest',
		kind: 'token',
		proxy: 'optional',
		fields: {
			websiteURL: req('string'),
			gt: req('string'),
			geetestApiServerSubdomain: 'string',
			geetestGetLib: 'string',
			userAgent: 'string',
		},
		noVariant: 'version must be 3 or 4',
		variants: [
			{
				name: 'v3',
				when: (task) => geetestVersion(task) === '3',
				fields: { challenge: req('string'), version: opt('integer', { values: [3] }) },
				solve: ({ task }) => {
					const validate = fake.hex(32);
					return {
						challenge: `${task.get('challenge')}${fake.hex(2)}`,
						validate,
						seccode: `${validate}|jordan`,
					};
				},
			},
			{
				name: 'v4',
				when: (task) => geetestVersion(task) === '4',
				fields: { version: req('integer', { values: [4] }), initParameters: 'object' },
				solve: ({ task }) => ({
					captcha_id: task.get('gt'),
					lot_number: fake.hex(32),
					pass_token: fake.hex(64),
					gen_time: String(fake.unixSeconds()),
					captcha_output: fake.b64url(160),
				}),
			},
		],
	},
	{
		type: 'FunCaptchaTask',
		aliases: ['FunCaptchaTaskProxyless'],
		title: 'FunCaptcha (Arkose Labs)',
		kind: 'token',
		proxy: 'optional',
		fields: {
			websiteURL: req('string'),
			websitePublicKey: req('string'),
			data: 'string',
			funcaptchaApiJSSubdomain: 'string',
			userAgent: 'string',
			cookies: 'string',
		},
		solve: ({ task, userAgent }) => {
			const surl = `https://${task.str('funcaptchaApiJSSubdomain') ?? 'client-api.arkoselabs.com'}`;
			return {
				token:
					`${fake.hex(17)}.${fake.digits(10)}|r=us-west-2|lang=en|pk=${task.get('websitePublicKey')}` +
					`|at=40|ag=101|cdn_url=${encodeURIComponent(`${surl}/cdn/fc`)}|surl=${encodeURIComponent(surl)}`,
				userAgent,
			};
		},
	},
	{
		type: 'AmazonTask',
		aliases: ['AmazonTaskProxyless'],
		title: 'Amazon AWS WAF',
		kind: 'token',
		proxy: 'optional',
		fields: { websiteURL: req('string'), cookieSolution: 'boolean', userAgent: 'string' },
		// The three documented field sets (https://docs.capmonster.cloud/docs/captchas/amazon-task/), most specific first.
		variants: [
			{
				name: 'challenge-page',
				when: (task) =>
					task.has('challengeScript') &&
					task.has('websiteKey') &&
					task.has('context') &&
					task.has('iv'),
				fields: {
					challengeScript: req('string'),
					websiteKey: req('string'),
					context: req('string'),
					iv: req('string'),
					captchaScript: 'string',
				},
			},
			{
				name: 'challenge-only',
				when: (task) => task.has('challengeScript'),
				fields: {
					challengeScript: req('string'),
					captchaScript: present('string'),
					websiteKey: present('string'),
					context: present('string'),
					iv: present('string'),
				},
			},
			{
				name: 'jsapi',
				when: () => true,
				fields: { websiteKey: req('string'), captchaScript: req('string') },
			},
		],
		solve: ({ task, userAgent }) =>
			task.get('cookieSolution') === true
				? {
						cookies: { 'aws-waf-token': `${fake.uuid()}:${fake.b64(12)}:${fake.b64(240)}` },
						userAgent,
					}
				: {
						captcha_voucher: fake.b64url(320),
						existing_token: `${fake.uuid()}:${fake.b64(12)}:${fake.b64(120)}`,
					},
	},
	{
		type: 'BinanceTask',
		title: 'Binance',
		kind: 'token',
		proxy: 'optional',
		fields: { ...SITE, validateId: req('string'), userAgent: 'string' },
		solve: ({ userAgent }) => ({ token: `captcha#${fake.hex(32)}-${fake.b64url(48)}`, userAgent }),
	},
	{
		type: 'ProsopoTask',
		title: 'Prosopo',
		kind: 'token',
		proxy: 'optional',
		fields: { ...SITE },
		solve: () => ({ token: `0x${fake.hex(420)}` }),
	},
	{
		type: 'MTCaptchaTask',
		title: 'MTCaptcha',
		kind: 'token',
		proxy: 'optional',
		fields: { ...SITE, pageAction: 'string', isInvisible: 'boolean', userAgent: 'string' },
		solve: ({ task }) => ({
			token: `v1(${fake.hex(8)},${fake.hex(8)},${task.get('websiteKey')},${fake.b64url(120)}**)`,
		}),
	},
	{
		type: 'YidunTask',
		title: 'Yidun (NetEase)',
		kind: 'token',
		proxy: 'optional',
		// Enterprise fields sit at the top level (DOCS/JS/NET), not under metadata (https://docs.capmonster.cloud/docs/captchas/yidun-task/).
		fields: {
			...SITE,
			userAgent: 'string',
			yidunGetLib: 'string',
			yidunApiServerSubdomain: 'string',
			challenge: 'string',
			hcg: 'string',
			hct: 'integer',
		},
		solve: () => ({ token: `CN31_${fake.b64url(220)}` }),
	},
	// ---- CustomTask classes (https://docs.capmonster.cloud/docs/captchas/) ----
	{
		type: 'CustomTask',
		class: 'DataDome',
		title: 'DataDome',
		kind: 'token',
		proxy: 'required',
		fields: {
			websiteURL: req('string'),
			'metadata.captchaUrl': req('string'),
			'metadata.datadomeCookie': req('string'),
			'metadata.datadomeVersion': opt('string', { values: ['new'] }),
			userAgent: 'string',
		},
		solve: ({ task }) => ({
			domains: { [hostOf(task)]: { cookies: { datadome: fake.b64url(128) }, localStorage: null } },
			url: null,
			fingerprint: null,
			headers: null,
			data: null,
		}),
	},
	{
		type: 'CustomTask',
		class: 'Imperva',
		title: 'Imperva (Incapsula)',
		kind: 'token',
		proxy: 'required',
		fields: {
			websiteURL: req('string'),
			'metadata.incapsulaScriptUrl': req('string'),
			'metadata.incapsulaCookies': req('string'),
			'metadata.reese84UrlEndpoint': 'string',
			userAgent: 'string',
		},
		solve: ({ task }) => {
			const attributes = `Max-Age=31536000; Domain=.${hostOf(task)}; Path=/; Secure; SameSite=Lax`;
			const cookies: Record<string, string> = { ___utmvc: `${fake.b64(150)}; ${attributes}` };
			if (task.has('metadata.reese84UrlEndpoint'))
				cookies.reese84 = `3:${fake.b64(60)}:${fake.b64(300)}`;
			return { domains: { [originOf(task)]: { cookies } } };
		},
	},
	{
		type: 'CustomTask',
		class: 'TenDI',
		title: 'TenDI (Tencent)',
		kind: 'token',
		proxy: 'optional',
		fields: { ...SITE, 'metadata.captchaUrl': 'string', userAgent: 'string' },
		solve: ({ userAgent }) => ({
			data: { randstr: `@${fake.b64url(3)}`, ticket: `tr03${fake.b64url(180)}*` },
			headers: { 'User-Agent': userAgent },
		}),
	},
	{
		type: 'CustomTask',
		class: 'Basilisk',
		title: 'Basilisk',
		kind: 'token',
		proxy: 'optional',
		fields: { ...SITE, userAgent: 'string' },
		solve: ({ userAgent }) => ({
			data: { captcha_response: fake.hex(32) },
			headers: { 'User-Agent': userAgent },
		}),
	},
	{
		type: 'CustomTask',
		class: 'altcha',
		title: 'Altcha',
		kind: 'token',
		proxy: 'optional',
		fields: {
			websiteURL: req('string'),
			websiteKey: present('string'),
			'metadata.challenge': req('string'),
			'metadata.iterations': req('string'),
			'metadata.salt': req('string'),
			'metadata.signature': req('string'),
			userAgent: 'string',
		},
		solve: ({ task }) => {
			const max = Math.max(1, parseInt(String(task.get('metadata.iterations')), 10) || 100000);
			const number = fake.int(0, max - 1);
			const payload = {
				algorithm: 'SHA-256',
				challenge: task.get('metadata.challenge'),
				number,
				salt: task.get('metadata.salt'),
				signature: task.get('metadata.signature'),
				took: fake.int(200, 4000),
			};
			return { data: { token: Buffer.from(JSON.stringify(payload)).toString('base64'), number } };
		},
	},
	{
		type: 'CustomTask',
		class: 'Castle',
		title: 'Castle',
		kind: 'token',
		proxy: 'optional',
		fields: {
			...SITE,
			'metadata.wUrl': req('string'),
			'metadata.swUrl': req('string'),
			'metadata.count': opt('integer', { min: 1, max: 49 }),
			userAgent: 'string',
		},
		costUnits: (task) => castleCount(task),
		solve: ({ task }) => ({
			data: { tokens: Array.from({ length: castleCount(task) }, () => fake.b64url(120)) },
			domains: { [hostOf(task)]: { cookies: { __cuid: fake.hex(32) } } },
		}),
	},
	{
		type: 'CustomTask',
		class: 'tspd',
		title: 'TSPD (F5)',
		kind: 'token',
		proxy: 'required',
		fields: {
			websiteURL: req('string'),
			'metadata.tspdCookie': req('string'),
			'metadata.htmlPageBase64': req('string'),
			userAgent: req('string'),
		},
		// Capitalised Domains/Cookies exactly as in the vendor's example.
		solve: ({ task }) => ({
			Domains: {
				[hostOf(task)]: {
					Cookies: {
						[`TS${fake.hex(9)}`]: `08${fake.hex(180)}`,
						[`TS${fake.hex(9)}`]: `08${fake.hex(180)}`,
						TSPD_101_DID: `08${fake.hex(120)}`,
					},
				},
			},
		}),
	},
	{
		type: 'CustomTask',
		class: 'HUNT',
		title: 'HUNT',
		kind: 'token',
		proxy: 'required',
		fields: {
			websiteURL: req('string'),
			'metadata.apiGetLib': req('string'),
			'metadata.data': 'string',
			userAgent: 'string',
		},
		solve: () => ({ data: { token: fake.b64(120) } }),
	},
	{
		type: 'CustomTask',
		class: 'alibaba',
		title: 'Alibaba Cloud captcha',
		kind: 'token',
		proxy: 'optional',
		fields: {
			websiteURL: req('string'),
			'metadata.sceneId': req('string'),
			'metadata.prefix': req('string'),
			'metadata.userId': 'string',
			'metadata.userUserId': 'string',
			'metadata.verifyType': 'string',
			'metadata.region': 'string',
			'metadata.UserCertifyId': 'string',
			'metadata.apiGetLib': 'string',
			userAgent: 'string',
		},
		// `tokens` is a JSON *string*, not an object (vendor example).
		solve: ({ task }) => ({
			data: {
				tokens: JSON.stringify({
					sceneId: task.get('metadata.sceneId'),
					certifyId: fake.b64url(10),
					deviceToken: fake.b64(60),
					data: fake.b64url(90),
				}),
			},
		}),
	},
	{
		type: 'CustomTask',
		class: 'friendly',
		title: 'Friendly Captcha',
		kind: 'token',
		proxy: 'optional',
		fields: { ...SITE, 'metadata.apiGetLib': req('string'), userAgent: 'string' },
		solve: () => ({ data: { token: `${fake.hex(64)}.${fake.b64(180)}.AgAD` } }),
	},
	{
		type: 'CustomTask',
		class: 'Temu',
		title: 'Temu',
		kind: 'token',
		proxy: 'optional',
		fields: { websiteURL: req('string'), 'metadata.cookie': req('string'), userAgent: 'string' },
		solve: ({ task }) => ({
			domains: {
				[hostOf(task)]: {
					cookies: {
						api_uid: fake.b64(16),
						_nano_fp: fake.b64url(40),
						verifyAuthToken: fake.b64url(40),
						_bee: fake.b64url(32),
					},
				},
			},
		}),
	},
];

function castleCount(task: TaskView): number {
	const count = task.get('metadata.count');
	return typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= 49
		? count
		: 1;
}

const BY_TYPE = new Map<string, TaskTypeDeclaration[]>();
for (const declaration of TASK_TYPES)
	for (const name of [declaration.type, ...(declaration.aliases ?? [])]) {
		const list = BY_TYPE.get(name.toLowerCase()) ?? [];
		list.push(declaration);
		BY_TYPE.set(name.toLowerCase(), list);
	}

/** Declarations registered under a type name (several for class-based types). */
export function declarationsForType(type: string): TaskTypeDeclaration[] {
	return BY_TYPE.get(type.toLowerCase()) ?? [];
}

/** The spelling of `type` among a declaration's names, ignoring case. */
export function declaredTypeName(declaration: TaskTypeDeclaration, type: string): string {
	return (
		[declaration.type, ...(declaration.aliases ?? [])].find(
			(name) => name.toLowerCase() === type.toLowerCase(),
		) ?? declaration.type
	);
}
