/** The bad-input matrix of badInput.test.ts: each malformed value, the field its error must name, and the item it comes with. */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { recaptchaV2 } from '../../helpers/fixtures';

export const tinyImage = Buffer.alloc(10, 1).toString('base64');
export const hugeImage = Buffer.alloc(60 * 1024, 7).toString('base64');
export const image = (overrides: INodeParameters): INodeParameters => ({
	resource: 'task',
	operation: 'create',
	taskType: 'imageToText',
	imageSource: 'base64',
	imageBase64: Buffer.alloc(500, 3).toString('base64'),
	...overrides,
});
export const v3 = (overrides: INodeParameters): INodeParameters => ({
	resource: 'task',
	operation: 'create',
	taskType: 'recaptchaV3',
	websiteURL: 'https://example.com',
	websiteKey: 'site-key',
	...overrides,
});
export const raw = (taskJson: string): INodeParameters => ({
	resource: 'task',
	operation: 'create',
	taskType: 'customJson',
	taskJson,
});
export const withProxy = (proxy: INodeParameters): INodeParameters =>
	recaptchaV2({
		proxyInput: 'fields',
		proxyType: 'http',
		proxyAddress: '203.0.113.7',
		proxyPort: 8080,
		...proxy,
	});

export type Case = [
	name: string,
	parameters: INodeParameters,
	field: RegExp,
	input?: INodeExecutionData,
];

export const CASES: Case[] = [
	['empty website URL', recaptchaV2({ websiteURL: '={{ "" }}' }), /Website URL is required/],
	[
		'website URL without scheme',
		recaptchaV2({ websiteURL: 'example.com/login' }),
		/Website URL must be a full http/,
	],
	[
		'ftp website URL',
		recaptchaV2({ websiteURL: 'ftp://example.com' }),
		/Website URL must be a full http/,
	],
	[
		'javascript: website URL',
		recaptchaV2({ websiteURL: 'javascript:alert(1)' }),
		/Website URL must be a full http/,
	],
	[
		'website URL expression resolving to null',
		recaptchaV2({ websiteURL: '={{ $json.missing ?? null }}' }),
		/Website URL is required/,
	],
	['empty website key', recaptchaV2({ websiteKey: '={{ "" }}' }), /Website Key is required/],
	['website key of spaces', recaptchaV2({ websiteKey: '={{ "   " }}' }), /Website Key is required/],
	[
		'website key expression resolving to null',
		recaptchaV2({ websiteKey: '={{ null }}' }),
		/Website Key is required/,
	],
	[
		'website key resolving to an object',
		recaptchaV2({ websiteKey: '={{ { a: 1 } }}' }),
		/Website Key must be text/,
	],
	[
		'invisible flag that is not a boolean',
		recaptchaV2({ additionalFields: { isInvisible: 'maybe' } }),
		/Is Invisible must be true or false/,
	],
	[
		'v3 min score above 0.9',
		v3({ additionalFields: { minScore: 1.5 } }),
		/Min Score must be between 0.1 and 0.9/,
	],
	[
		'v3 min score 0',
		v3({ additionalFields: { minScore: 0 } }),
		/Min Score must be between 0.1 and 0.9/,
	],
	[
		'v3 min score as words',
		v3({ additionalFields: { minScore: '={{ "high" }}' } }),
		/Min Score must be a number/,
	],
	[
		'image binary property missing',
		image({ imageSource: 'binary', binaryPropertyName: 'captcha' }),
		/Input Binary Field "captcha" is not on the input item/,
		{
			json: {},
			binary: { data: { data: Buffer.alloc(500).toString('base64'), mimeType: 'image/png' } },
		},
	],
	[
		'image item without binary data',
		image({ imageSource: 'binary', binaryPropertyName: 'data' }),
		/Input Binary Field "data" is not on the input item/,
	],
	[
		'empty binary property name',
		image({ imageSource: 'binary', binaryPropertyName: '={{ "" }}' }),
		/Input Binary Field is required/,
	],
	[
		'empty base64 image',
		image({ imageBase64: '={{ $json.none }}' }),
		/Image \(Base64\) is required/,
	],
	[
		'base64 image that is not base64',
		image({ imageBase64: 'this is not an image!' }),
		/Image \(Base64\) image 1 is not base64 text/,
	],
	['base64 image under 100 bytes', image({ imageBase64: tinyImage }), /too small/],
	['base64 image over 50 KB', image({ imageBase64: hugeImage }), /too big/],
	[
		'binary image under 100 bytes',
		image({ imageSource: 'binary', binaryPropertyName: 'data' }),
		/Binary property "data" is too small/,
		{ json: {}, binary: { data: { data: tinyImage, mimeType: 'image/png' } } },
	],
	[
		'recognizing threshold above 100',
		image({ additionalFields: { recognizingThreshold: 101 } }),
		/Recognizing Threshold must be between 0 and 100/,
	],
	[
		'recognizing threshold with decimals',
		image({ additionalFields: { recognizingThreshold: 50.5 } }),
		/Recognizing Threshold must be a whole number/,
	],
	['raw task that is not JSON', raw('{ type: RecaptchaV2Task'), /Task \(JSON\) is not valid JSON/],
	[
		'raw task that is an array',
		raw('[{"type":"RecaptchaV2Task"}]'),
		/Task \(JSON\) must be a JSON object/,
	],
	['raw task that is a number', raw('42'), /Task \(JSON\) must be a JSON object/],
	['raw task without type', raw('{"websiteURL":"https://example.com"}'), /"type"/],
	['empty raw task', raw('={{ "" }}'), /Task \(JSON\) is required/],
	['proxy port 0', withProxy({ proxyPort: 0 }), /Proxy Port must be between 1 and 65535/],
	['proxy port 70000', withProxy({ proxyPort: 70000 }), /Proxy Port must be between 1 and 65535/],
	[
		'proxy port as words',
		withProxy({ proxyPort: '={{ "eighty" }}' }),
		/Proxy Port must be a number/,
	],
	['empty proxy address', withProxy({ proxyAddress: '={{ "" }}' }), /Proxy Address is required/],
	[
		'proxy URL in the address field',
		withProxy({ proxyAddress: 'http://user:pw@203.0.113.7:8080' }),
		/Proxy Address must be just the IP/,
	],
	[
		'proxy URL without port',
		recaptchaV2({ proxyInput: 'url', proxyUrl: 'http://user:pw@203.0.113.7' }),
		/Proxy URL needs a port/,
	],
	[
		'proxy URL that is not a URL',
		recaptchaV2({ proxyInput: 'url', proxyUrl: 'user:pw at proxy' }),
		/Proxy URL (is not a valid URL|must start with http:\/\/)/,
	],
	[
		'proxy URL with an unknown scheme',
		recaptchaV2({ proxyInput: 'url', proxyUrl: 'ftp://203.0.113.7:21' }),
		/Proxy URL must start with http:\/\/, https:\/\/, socks4:\/\/, socks5:\/\//,
	],
	[
		'callback URL that is not a URL',
		recaptchaV2({ options: { callbackUrl: 'not a url' } }),
		/Callback URL must be a full http/,
	],
	[
		'negative timeout',
		recaptchaV2({ options: { timeout: -5 } }),
		/Timeout must be between 0 and 600/,
	],
	[
		'unknown task type',
		{ resource: 'task', operation: 'create', taskType: 'hcaptcha' },
		/Unknown task type "hcaptcha"/,
	],
	[
		'task id that is text',
		{ resource: 'task', operation: 'getResult', taskId: 'abc' },
		/Task ID must be a positive whole number/,
	],
	[
		'negative task id',
		{ resource: 'task', operation: 'getResult', taskId: -1 },
		/Task ID must be a positive whole number/,
	],
	[
		'task id expression resolving to null',
		{ resource: 'task', operation: 'getResult', taskId: '={{ $json.taskId }}' },
		/Task ID is required/,
	],
	[
		'fractional task id to report',
		{ resource: 'report', operation: 'incorrectToken', taskId: 1.5 },
		/Task ID must be a positive whole number/,
	],
	[
		'empty task id to report',
		{ resource: 'report', operation: 'incorrectImage', taskId: '={{ "" }}' },
		/Task ID is required/,
	],
	[
		'negative Fail If Below',
		{ resource: 'account', operation: 'getBalance', options: { failIfBelow: -1 } },
		/Fail If Below must be between 0/,
	],
	[
		'Fail If Below as words',
		{ resource: 'account', operation: 'getBalance', options: { failIfBelow: '={{ "lots" }}' } },
		/Fail If Below must be a number/,
	],
];
