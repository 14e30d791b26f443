/**
 * Proxy input (five fields or one URL) for an optional-proxy and a required-proxy type, and images
 * from binary properties, from base64 text with a data: prefix and line breaks, and several at once.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { renderCaptchaPng } from '../sandbox';
import {
	binaryItem,
	errorMessage,
	fakeImage,
	run,
	solve,
	useFileSandbox,
	USER_AGENT,
} from './harness';

const env = useFileSandbox();

const RECAPTCHA = {
	websiteURL: 'https://example.com/login',
	websiteKey: '6Lcg7CMUAAAAANphynKgn9YAgA4tQ2KI_iqRyTwd',
};
const DATADOME = {
	websiteURL: 'https://www.example.com',
	captchaUrl:
		'https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAAAAAMA9UvsL58YLqIAXNLFPg%3D%3D',
	datadomeCookie: 'datadome=VYUWrgJ9ap4zmXq8Mgbp',
};

function proxyOf(task: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(task).filter(([key]) => key.startsWith('proxy')));
}

describe('proxy on an optional-proxy type (reCAPTCHA v2)', () => {
	test.concurrent.each<[string, INodeParameters, IDataObject]>([
		['no proxy by default', {}, {}],
		['explicitly none', { proxyInput: 'none' }, {}],
		[
			'fields with login and password',
			{
				proxyInput: 'fields',
				proxyType: 'socks5',
				proxyAddress: '198.51.100.7',
				proxyPort: 1080,
				proxyLogin: 'user',
				proxyPassword: 'secret',
			},
			{
				proxyType: 'socks5',
				proxyAddress: '198.51.100.7',
				proxyPort: 1080,
				proxyLogin: 'user',
				proxyPassword: 'secret',
			},
		],
		[
			'fields without login (IP-whitelisted proxy), port given as text',
			{ proxyInput: 'fields', proxyType: 'http', proxyAddress: '198.51.100.7', proxyPort: '3128' },
			{ proxyType: 'http', proxyAddress: '198.51.100.7', proxyPort: 3128 },
		],
		[
			'URL with login and password',
			{ proxyInput: 'url', proxyUrl: 'http://user:secret@198.51.100.7:8080' },
			{
				proxyType: 'http',
				proxyAddress: '198.51.100.7',
				proxyPort: 8080,
				proxyLogin: 'user',
				proxyPassword: 'secret',
			},
		],
		[
			'URL with an encoded password',
			{ proxyInput: 'url', proxyUrl: 'https://user:p%40ss%3Aword@proxy.example.net:8443' },
			{
				proxyType: 'https',
				proxyAddress: 'proxy.example.net',
				proxyPort: 8443,
				proxyLogin: 'user',
				proxyPassword: 'p@ss:word',
			},
		],
		[
			'socks4 URL without login',
			{ proxyInput: 'url', proxyUrl: 'socks4://198.51.100.7:1080' },
			{ proxyType: 'socks4', proxyAddress: '198.51.100.7', proxyPort: 1080 },
		],
		[
			'URL with the explicit default port :80',
			{ proxyInput: 'url', proxyUrl: 'http://user:secret@198.51.100.7:80' },
			{
				proxyType: 'http',
				proxyAddress: '198.51.100.7',
				proxyPort: 80,
				proxyLogin: 'user',
				proxyPassword: 'secret',
			},
		],
		[
			'https URL with the explicit default port :443 and a trailing slash',
			{ proxyInput: 'url', proxyUrl: 'https://proxy.example.net:443/' },
			{ proxyType: 'https', proxyAddress: 'proxy.example.net', proxyPort: 443 },
		],
		[
			'an http URL on port 443 keeps its port',
			{ proxyInput: 'url', proxyUrl: 'http://198.51.100.7:443' },
			{ proxyType: 'http', proxyAddress: '198.51.100.7', proxyPort: 443 },
		],
		[
			'URL with an encoded # ? / and % in the password',
			{ proxyInput: 'url', proxyUrl: 'http://user:a%23b%3Fc%2Fd%25e@198.51.100.7:8080' },
			{
				proxyType: 'http',
				proxyAddress: '198.51.100.7',
				proxyPort: 8080,
				proxyLogin: 'user',
				proxyPassword: 'a#b?c/d%e',
			},
		],
		[
			'fields with a login and password that expressions give as numbers',
			{
				proxyInput: 'fields',
				proxyType: 'http',
				proxyAddress: '198.51.100.7',
				proxyPort: 8080,
				proxyLogin: '={{ 1001 }}',
				proxyPassword: '={{ 20260 }}',
			},
			{
				proxyType: 'http',
				proxyAddress: '198.51.100.7',
				proxyPort: 8080,
				proxyLogin: '1001',
				proxyPassword: '20260',
			},
		],
		[
			'fields with a bare IPv6 address',
			{ proxyInput: 'fields', proxyType: 'socks5', proxyAddress: '2001:db8::7', proxyPort: 1080 },
			{ proxyType: 'socks5', proxyAddress: '2001:db8::7', proxyPort: 1080 },
		],
		[
			'fields with an IPv6 address in brackets',
			{ proxyInput: 'fields', proxyType: 'socks5', proxyAddress: '[2001:db8::7]', proxyPort: 1080 },
			{ proxyType: 'socks5', proxyAddress: '2001:db8::7', proxyPort: 1080 },
		],
		[
			'fields with a host name that has a hyphen and an underscore',
			{
				proxyInput: 'fields',
				proxyType: 'http',
				proxyAddress: 'gate-1.my_proxy.example.com',
				proxyPort: 3128,
			},
			{ proxyType: 'http', proxyAddress: 'gate-1.my_proxy.example.com', proxyPort: 3128 },
		],
		[
			'IPv6 URL',
			{ proxyInput: 'url', proxyUrl: 'socks5://user:pw@[2001:db8::7]:1080' },
			{
				proxyType: 'socks5',
				proxyAddress: '2001:db8::7',
				proxyPort: 1080,
				proxyLogin: 'user',
				proxyPassword: 'pw',
			},
		],
	])('%s', async (_title, proxy, expected) => {
		const { task, record } = await solve(env.sandbox, 'recaptchaV2', { ...RECAPTCHA, ...proxy });
		expect(proxyOf(task)).toEqual(expected);
		expect(task).toEqual({ type: 'RecaptchaV2Task', ...RECAPTCHA, ...expected });
		expect(record.warnings).toEqual([]);
	});
});

describe('proxy on a required-proxy type (DataDome)', () => {
	test.concurrent('fields are the default input', async () => {
		const { task, record, json } = await solve(env.sandbox, 'dataDome', {
			...DATADOME,
			proxyAddress: '198.51.100.7',
			proxyPort: 8080,
			proxyLogin: 'user',
			proxyPassword: 'secret',
		});
		expect(proxyOf(task)).toEqual({
			proxyType: 'http',
			proxyAddress: '198.51.100.7',
			proxyPort: 8080,
			proxyLogin: 'user',
			proxyPassword: 'secret',
		});
		expect(record.warnings).toEqual([]);
		expect(json.token).toMatch(/^datadome=[\w-]+$/);
		expect(json.cookies).toBe(json.token);
	});

	test.concurrent('URL input', async () => {
		const { task, record } = await solve(env.sandbox, 'dataDome', {
			...DATADOME,
			proxyInput: 'url',
			proxyUrl: 'socks5://user:secret@198.51.100.7:1080',
		});
		expect(proxyOf(task)).toEqual({
			proxyType: 'socks5',
			proxyAddress: '198.51.100.7',
			proxyPort: 1080,
			proxyLogin: 'user',
			proxyPassword: 'secret',
		});
		expect(record.warnings).toEqual([]);
	});
});

describe('proxy problems are refused before any request', () => {
	test.each<[string, string, INodeParameters, RegExp]>([
		[
			'dataDome',
			'no proxy',
			{ proxyInput: 'none' },
			/^Proxy is required for this task type \(item 0\)$/,
		],
		[
			'dataDome',
			'URL with an unknown scheme',
			{ proxyInput: 'url', proxyUrl: 'ftp://198.51.100.7:2121' },
			/^Proxy URL must start with http:\/\/, https:\/\/, socks4:\/\/, socks5:\/\/ \(item 0\)$/,
		],
		[
			'recaptchaV2',
			'URL without a port',
			{ proxyInput: 'url', proxyUrl: 'http://198.51.100.7' },
			/^Proxy URL needs a port/,
		],
	])('%s: %s', async (taskType, _title, proxy, message) => {
		const before = env.sandbox.requests.filter((entry) => entry.method === 'createTask').length;
		const base = taskType === 'dataDome' ? DATADOME : RECAPTCHA;
		const result = await run(env.sandbox, taskType, { ...base, ...proxy });
		expect(errorMessage(result)).toMatch(message);
		// Never echo a proxy URL: it may hold the password.
		expect(errorMessage(result)).not.toContain('198.51.100.7');
		expect(env.sandbox.requests.filter((entry) => entry.method === 'createTask').length).toBe(
			before,
		);
	});
});

test('reCAPTCHA v3 sends no proxy fields even if old parameters carry some', async () => {
	const { task, record } = await solve(env.sandbox, 'recaptchaV3', {
		...RECAPTCHA,
		proxyInput: 'fields',
		proxyType: 'http',
		proxyAddress: '198.51.100.7',
		proxyPort: 8080,
	});
	expect(task).toEqual({ type: 'RecaptchaV3TaskProxyless', ...RECAPTCHA });
	expect(record.warnings).toEqual([]);
});

describe('images', () => {
	const png = renderCaptchaPng('W9K3P');
	const base64 = png.toString('base64');

	test.concurrent('Image to Text from a binary property with another name', async () => {
		const item = binaryItem(base64, 'captcha');
		const { task, json, record } = await solve(
			env.sandbox,
			'imageToText',
			{ imageSource: 'binary', binaryPropertyName: 'captcha' },
			[item],
		);
		expect(task).toEqual({ type: 'ImageToTextTask', body: base64 });
		expect(record.warnings).toEqual([]);
		expect(json.token).toBe('W9K3P');
	});

	test.concurrent('base64 with a data: prefix and line breaks is sent clean', async () => {
		const pasted = `data:image/png;base64,${base64.replace(/(.{64})/g, '$1\r\n')}\n`;
		const { task, json, record } = await solve(env.sandbox, 'imageToText', {
			imageSource: 'base64',
			imageBase64: pasted,
		});
		expect(task).toEqual({ type: 'ImageToTextTask', body: base64 });
		expect(record.warnings).toEqual([]);
		expect(json.token).toBe('W9K3P');
	});

	test.concurrent('the image grid takes base64 with a data: prefix too', async () => {
		const image = fakeImage(2000, 4);
		const { task, record } = await solve(env.sandbox, 'recaptchaClick', {
			imageSource: 'base64',
			imageBase64: `data:image/jpeg;base64,${image.slice(0, 100)}\n${image.slice(100)}`,
			grid: '1x1',
			taskInstruction: 'Click on buses',
			additionalFields: { userAgent: USER_AGENT },
		});
		expect(task).toEqual({
			type: 'ComplexImageTask',
			class: 'recaptcha',
			imagesBase64: [image],
			metadata: { Grid: '1x1', Task: 'Click on buses' },
			userAgent: USER_AGENT,
		});
		expect(record.warnings).toEqual([]);
	});

	test.concurrent(
		'recognition takes nine images from nine binary properties, in order',
		async () => {
			const names = Array.from({ length: 9 }, (_, i) => `tile${i + 1}`);
			const images = names.map((_, i) => fakeImage(500 + i, i + 20));
			const item = {
				json: {},
				binary: Object.fromEntries(
					names.map((name, i) => [
						name,
						{ data: images[i], mimeType: 'image/png', fileName: `${name}.png` },
					]),
				),
			};
			const { task, record, json } = await solve(
				env.sandbox,
				'imageRecognition',
				{
					imageSource: 'binary',
					binaryPropertyName: names.join(','),
					recognitionTask: 'betpunch_3x3_rotate',
				},
				[item],
			);
			expect(task).toEqual({
				type: 'ComplexImageTask',
				class: 'recognition',
				imagesBase64: images,
				metadata: { Task: 'betpunch_3x3_rotate' },
			});
			expect(record.warnings).toEqual([]);
			expect(json.token).toEqual((record.solution as IDataObject).answer);
		},
	);

	test.concurrent(
		'recognition takes a JSON array of base64 images with data: prefixes',
		async () => {
			const images = [fakeImage(800, 31), fakeImage(300, 32), fakeImage(300, 33)];
			const { task, record } = await solve(env.sandbox, 'imageRecognition', {
				imageSource: 'base64',
				imageBase64: JSON.stringify(images.map((image) => `data:image/png;base64,${image}`)),
				recognitionTask: 'oocl_rotate_double_new',
			});
			expect(task).toEqual({
				type: 'ComplexImageTask',
				class: 'recognition',
				imagesBase64: images,
				metadata: { Task: 'oocl_rotate_double_new' },
			});
			expect(record.warnings).toEqual([]);
		},
	);

	test('a missing binary property is refused before any request, listing what the item has', async () => {
		const before = env.sandbox.requests.length;
		const result = await run(
			env.sandbox,
			'imageToText',
			{ imageSource: 'binary', binaryPropertyName: 'data' },
			{ items: [binaryItem(base64, 'image')] },
		);
		expect(errorMessage(result)).toBe(
			'Input Binary Field "data" is not on the input item (item 0)',
		);
		expect(JSON.stringify(result.error)).toContain('image');
		expect(env.sandbox.requests.length).toBe(before);
	});
});
