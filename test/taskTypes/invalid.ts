/**
 * For every Task Type: a missing required value and at least one bad value, each applied to the
 * type's valid input (cases.ts). The node must refuse them before any request, naming the field.
 */
import type { INodeParameters } from 'n8n-workflow';

import { JUST_A_MOMENT } from './cases';

export interface Mutation {
	/** What is wrong, for the test title. */
	what: string;
	/** Parameter path (dots for collections: `additionalFields.minScore`) and its wrong value. */
	path: string;
	value: unknown;
	/** Other parameters to change at the same time (for every item). */
	also?: Record<string, unknown>;
	/** The error must start with the field's display name and say this. */
	field: string;
	message: RegExp;
}

export interface InvalidCases {
	/** Title of the body case (cases.ts) to start from; the type's first case when absent. */
	base?: string;
	missing: Mutation;
	bad: Mutation[];
}

const REQUIRED = /is required/;
const NOT_URL = /must be a full http:\/\/ or https:\/\/ URL/;

/**
 * n8n itself refuses to start a workflow whose required parameter is literally empty, so a value goes
 * missing at run time through an expression that finds nothing in the item.
 */
const EMPTY = '={{ $json.notInThisItem }}';

const missing = (path: string, field: string, message = REQUIRED): Mutation => ({
	what: `missing ${field}`,
	path,
	value: EMPTY,
	field,
	message,
});
const bad = (
	what: string,
	path: string,
	value: unknown,
	field: string,
	message: RegExp,
): Mutation => ({
	what,
	path,
	value,
	field,
	message,
});

export const INVALID: Record<string, InvalidCases> = {
	recaptchaV2: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [
			bad('URL without scheme', 'websiteURL', 'example.com/login', 'Website URL', NOT_URL),
			bad(
				'URL with one slash after the scheme',
				'websiteURL',
				'https:/example.com/login',
				'Website URL',
				/must start with http:\/\/ or https:\/\/ and then the host name/,
			),
			bad(
				'site key of zero-width spaces',
				'websiteKey',
				'\u200B\u200B',
				'Website Key',
				/contains only invisible characters/,
			),
		],
	},
	recaptchaV2Enterprise: {
		missing: missing('websiteURL', 'Website URL'),
		bad: [
			bad(
				'payload that is not JSON',
				'additionalFields.enterprisePayload',
				'{"s": ',
				'Enterprise Payload',
				/is not valid JSON/,
			),
			bad(
				'payload that is a string, not an object',
				'additionalFields.enterprisePayload',
				'"SOME_ADDITIONAL_TOKEN"',
				'Enterprise Payload',
				/must be a JSON object/,
			),
			bad(
				'unknown API domain',
				'additionalFields.apiDomain',
				'recaptcha.google.cn',
				'API Domain',
				/must be one of www\.google\.com, www\.recaptcha\.net/,
			),
		],
	},
	recaptchaV3: {
		missing: missing('websiteURL', 'Website URL'),
		bad: [
			bad(
				'min score above 0.9',
				'additionalFields.minScore',
				1.5,
				'Min Score',
				/between 0.1 and 0.9/,
			),
		],
	},
	recaptchaV3Enterprise: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [
			bad(
				'min score below 0.1',
				'additionalFields.minScore',
				0.05,
				'Min Score',
				/between 0.1 and 0.9/,
			),
		],
	},
	recaptchaClick: {
		missing: {
			what: 'neither task instruction nor task definition',
			path: 'taskInstruction',
			value: EMPTY,
			also: { taskDefinition: EMPTY },
			field: 'Task Instruction',
			message: /or Task Definition is required/,
		},
		bad: [
			bad('grid 5x5', 'grid', '5x5', 'Grid', /must be one of 1x1, 3x3, 4x4/),
			bad(
				'image URL without scheme',
				'imageUrls',
				'i.postimg.cc/payload.jpg',
				'Image URL',
				NOT_URL,
			),
			bad(
				'two image URLs',
				'imageUrls',
				'https://i.postimg.cc/a.jpg\nhttps://i.postimg.cc/b.jpg',
				'Image URLs',
				/gives 2 images; this task takes 1/,
			),
		],
	},
	imageToText: {
		missing: missing('imageBase64', 'Image (Base64)'),
		bad: [
			bad(
				'text that is not base64',
				'imageBase64',
				'not an image!',
				'Image (Base64)',
				/is not base64/,
			),
			bad(
				'threshold above 100',
				'additionalFields.recognizingThreshold',
				101,
				'Recognizing Threshold',
				/between 0 and 100/,
			),
			bad(
				'image over 50 KB',
				'imageBase64',
				Buffer.alloc(60 * 1024, 7).toString('base64'),
				'Image (Base64)',
				/is too big/,
			),
		],
	},
	imageRecognition: {
		base: 'Image recognition bls_3x3: nine images, one per line, with the task argument',
		missing: missing('taskArgument', 'Task Argument', /is required for bls_3x3/),
		bad: [
			bad(
				'one image for bls_3x3',
				'imageBase64',
				Buffer.alloc(300, 1).toString('base64'),
				'Images',
				/give 1 image; the bls_3x3 task takes 9/,
			),
			bad(
				'unknown recognition task',
				'recognitionTask',
				'bls_4x4',
				'Recognition Task',
				/must be one of/,
			),
			bad(
				'payload type Audio for bls_3x3',
				'payloadType',
				'Audio',
				'Payload Type',
				/only for bills_audio/,
			),
		],
	},
	turnstile: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [bad('ftp URL', 'websiteURL', 'ftp://tsmanaged.zlsupport.com', 'Website URL', NOT_URL)],
	},
	turnstileChallengeToken: {
		missing: missing('pageData', 'Page Data'),
		bad: [
			bad(
				'relative API JS URL',
				'additionalFields.apiJsUrl',
				'/turnstile/v0/api.js',
				'API JS URL',
				NOT_URL,
			),
		],
	},
	turnstileChallengeCookie: {
		missing: missing('htmlPageBase64', 'HTML Page (Base64)'),
		bad: [
			bad(
				'raw HTML instead of base64',
				'htmlPageBase64',
				'<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>',
				'HTML Page (Base64)',
				/must be base64 text, not HTML/,
			),
			bad('proxy without login', 'proxyLogin', '', 'Proxy Login', /is required for this task type/),
			bad('no proxy', 'proxyInput', 'none', 'Proxy', /is required for this task type/),
		],
	},
	turnstileWaitingRoom: {
		missing: missing('userAgent', 'User Agent'),
		bad: [
			bad(
				'a "Just a moment" page',
				'htmlPageBase64',
				JUST_A_MOMENT,
				'HTML Page (Base64)',
				/is not a Cloudflare Waiting Room page/,
			),
		],
	},
	geetestV3: {
		missing: missing('challenge', 'Challenge'),
		bad: [
			bad(
				'API subdomain with https://',
				'additionalFields.geetestApiServerSubdomain',
				'https://api-na.geetest.com',
				'API Server Subdomain',
				/must be a host name only/,
			),
			bad(
				'proxy authorised by IP (no login)',
				'proxyLogin',
				'',
				'Proxy Login',
				/GeeTest does not support proxies authorised by IP/,
			),
		],
	},
	geetestV4: {
		missing: missing('gt', 'Captcha ID'),
		bad: [
			bad(
				'init parameters that are a list',
				'additionalFields.initParameters',
				'[{"riskType": "slide"}]',
				'Init Parameters',
				/must be a JSON object/,
			),
		],
	},
	funCaptcha: {
		missing: missing('websitePublicKey', 'Website Public Key'),
		bad: [
			bad(
				'blob that is not JSON',
				'additionalFields.data',
				'blob=abc',
				'Data (Blob)',
				/is not valid JSON/,
			),
			bad(
				'subdomain with a path',
				'additionalFields.funcaptchaApiJSSubdomain',
				'example-api.arkoselabs.com/v2/api.js',
				'API JS Subdomain',
				/must be a host name only/,
			),
		],
	},
	binance: {
		missing: missing('validateId', 'Validate ID'),
		bad: [bad('URL without scheme', 'websiteURL', 'www.binance.com/login', 'Website URL', NOT_URL)],
	},
	prosopo: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [bad('URL without scheme', 'websiteURL', 'www.example.com', 'Website URL', NOT_URL)],
	},
	mtCaptcha: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [
			bad(
				'invisible flag "maybe"',
				'additionalFields.isInvisible',
				'maybe',
				'Is Invisible',
				/must be true or false/,
			),
		],
	},
	yidun: {
		missing: missing('websiteURL', 'Website URL'),
		bad: [
			bad(
				'hct that is not a number',
				'additionalFields.hct',
				'yesterday',
				'HCT',
				/must be a number/,
			),
			bad(
				'hct with decimals',
				'additionalFields.hct',
				1751469954.5,
				'HCT',
				/must be a whole number/,
			),
			bad(
				'standard API host as subdomain',
				'additionalFields.yidunApiServerSubdomain',
				'c.dun.163.com',
				'API Server Subdomain',
				/must be the site’s own API host/,
			),
		],
	},
	amazonWaf: {
		missing: missing('captchaScript', 'Captcha Script URL'),
		bad: [bad('script name only', 'captchaScript', 'jsapi.js', 'Captcha Script URL', NOT_URL)],
	},
	amazonWafChallenge: {
		missing: missing('context', 'Context'),
		bad: [
			bad('script name only', 'challengeScript', 'challenge.js', 'Challenge Script URL', NOT_URL),
		],
	},
	amazonWafInvisible: {
		missing: missing('challengeScript', 'Challenge Script URL'),
		bad: [bad('URL without scheme', 'websiteURL', 'example.com', 'Website URL', NOT_URL)],
	},
	dataDome: {
		missing: missing('captchaUrl', 'Captcha URL'),
		bad: [
			bad(
				'cookie value without datadome=',
				'datadomeCookie',
				'VYUWrgJ9ap4zmXq8Mgbp',
				'DataDome Cookie',
				/must contain the cookie as datadome=/,
			),
			bad('proxy without address', 'proxyAddress', EMPTY, 'Proxy Address', REQUIRED),
			bad(
				'proxy address given as URL',
				'proxyAddress',
				'http://203.0.113.10',
				'Proxy Address',
				/must be just the IP or host name/,
			),
			bad(
				'proxy address with the port',
				'proxyAddress',
				'203.0.113.10:8080',
				'Proxy Address',
				/put the port in Proxy Port/,
			),
			bad(
				'proxy password from an expression that is an object',
				'proxyPassword',
				'={{ { password: "proxyPasswordHere" } }}',
				'Proxy Password',
				/must be text, not an object or list/,
			),
		],
	},
	imperva: {
		missing: missing('incapsulaCookies', 'Incapsula Cookies'),
		bad: [
			bad(
				'proxy URL without port',
				'proxyUrl',
				'http://user:pass@203.0.113.10',
				'Proxy URL',
				/needs a port/,
			),
			bad(
				'proxy URL that is not a URL',
				'proxyUrl',
				'203.0.113.10:8080 user pass',
				'Proxy URL',
				/is not a valid URL/,
			),
			bad(
				'proxy URL with # in the password',
				'proxyUrl',
				'http://user:pa#ss@203.0.113.10:8080',
				'Proxy URL',
				/contains "#"/,
			),
			bad(
				'proxy URL with a broken percent-escape',
				'proxyUrl',
				'http://user:100%@203.0.113.10:8080',
				'Proxy URL',
				/has a broken percent-escape/,
			),
		],
	},
	tenDi: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [
			bad(
				'script name only',
				'additionalFields.captchaUrl',
				'TCaptcha.js',
				'Captcha Script URL',
				NOT_URL,
			),
		],
	},
	basilisk: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [
			bad('URL without scheme', 'websiteURL', 'domain.io/account/register', 'Website URL', NOT_URL),
		],
	},
	altcha: {
		missing: missing('salt', 'Salt'),
		bad: [
			bad(
				'iterations in words',
				'iterations',
				'five thousand',
				'Iterations',
				/must be a whole number/,
			),
		],
	},
	castle: {
		missing: missing('wUrl', 'CW Script URL'),
		bad: [bad('50 tokens', 'additionalFields.count', 50, 'Count', /between 1 and 49/)],
	},
	tspd: {
		missing: missing('tspdCookie', 'TSPD Cookie'),
		bad: [
			bad(
				'page that is not base64',
				'htmlPageBase64',
				'this is not base64!',
				'HTML Page (Base64)',
				/must be base64 text/,
			),
			bad('proxy port out of range', 'proxyPort', 70000, 'Proxy Port', /between 1 and 65535/),
		],
	},
	hunt: {
		missing: missing('apiGetLib', 'API Script URL'),
		bad: [bad('script name only', 'apiGetLib', 'api.js', 'API Script URL', NOT_URL)],
	},
	alibaba: {
		missing: missing('sceneId', 'Scene ID'),
		bad: [bad('URL without scheme', 'websiteURL', 'www.example.com', 'Website URL', NOT_URL)],
	},
	friendlyCaptcha: {
		missing: missing('apiGetLib', 'Widget Script URL'),
		bad: [
			bad('script name only', 'apiGetLib', 'widget.module.min.js', 'Widget Script URL', NOT_URL),
		],
	},
	temu: {
		missing: missing('cookie', 'Cookie'),
		bad: [
			bad(
				'URL without scheme',
				'websiteURL',
				'www.temu.com/bgn_verification.html',
				'Website URL',
				NOT_URL,
			),
		],
	},
	customJson: {
		missing: {
			what: 'a task without type',
			path: 'taskJson',
			value: '{"websiteURL": "https://example.com"}',
			field: 'Task (JSON)',
			message: /needs a "type" field/,
		},
		bad: [
			bad(
				'text that is not JSON',
				'taskJson',
				'{type: ProsopoTask}',
				'Task (JSON)',
				/is not valid JSON/,
			),
		],
	},
};

/** The parameters with `path` set to `value` (dots go into collections). */
export function withValue(
	parameters: INodeParameters,
	path: string,
	value: unknown,
): INodeParameters {
	const copy = structuredClone(parameters) as Record<string, unknown>;
	const keys = path.split('.');
	let node = copy;
	for (const key of keys.slice(0, -1)) {
		node[key] = { ...((node[key] as Record<string, unknown> | undefined) ?? {}) };
		node = node[key] as Record<string, unknown>;
	}
	node[keys[keys.length - 1]] = value;
	return copy as INodeParameters;
}

export function applyMutation(parameters: INodeParameters, mutation: Mutation): INodeParameters {
	let result = withValue(parameters, mutation.path, mutation.value);
	for (const [path, value] of Object.entries(mutation.also ?? {}))
		result = withValue(result, path, value);
	return result;
}

/** Reads a parameter path back (for the valid value of a mutated field). */
export function valueAt(parameters: INodeParameters, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(node, key) => (node as Record<string, unknown> | undefined)?.[key],
			parameters,
		);
}
