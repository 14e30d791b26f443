/**
 * Bad input costs nothing: each malformed value fails with an error that names the field and the
 * item, no request reaches CapMonster, and under Continue On Fail the other items still run.
 * (Empty values come from expressions: n8n itself refuses to start a workflow with an empty required field.)
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { createBodies, recaptchaV2, useSandbox } from '../helpers/fixtures';

const env = useSandbox();

const tinyImage = Buffer.alloc(10, 1).toString('base64');
const hugeImage = Buffer.alloc(60 * 1024, 7).toString('base64');
const image = (overrides: INodeParameters): INodeParameters => ({
	resource: 'task',
	operation: 'create',
	taskType: 'imageToText',
	imageSource: 'base64',
	imageBase64: Buffer.alloc(500, 3).toString('base64'),
	...overrides,
});
const v3 = (overrides: INodeParameters): INodeParameters => ({
	resource: 'task',
	operation: 'create',
	taskType: 'recaptchaV3',
	websiteURL: 'https://example.com',
	websiteKey: 'site-key',
	...overrides,
});
const raw = (taskJson: string): INodeParameters => ({
	resource: 'task',
	operation: 'create',
	taskType: 'customJson',
	taskJson,
});
const withProxy = (proxy: INodeParameters): INodeParameters =>
	recaptchaV2({
		proxyInput: 'fields',
		proxyType: 'http',
		proxyAddress: '203.0.113.7',
		proxyPort: 8080,
		...proxy,
	});

type Case = [name: string, parameters: INodeParameters, field: RegExp, input?: INodeExecutionData];

const CASES: Case[] = [
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

/** The input edges of issue 13: each was mis-sent, crashed or was silently changed before. */
const EDGES: Case[] = [
	[
		'proxy URL with a malformed percent-escape in the password',
		recaptchaV2({ proxyInput: 'url', proxyUrl: 'http://user:p%zzss@203.0.113.7:8080' }),
		/^Proxy URL has a broken percent-escape in the login or password; write a % sign as %25 \(item 0\)$/,
	],
	[
		'proxy URL with a malformed percent-escape in the login',
		recaptchaV2({ proxyInput: 'url', proxyUrl: 'socks5://us%e9r:pw@203.0.113.7:1080' }),
		/^Proxy URL has a broken percent-escape in the login or password/,
	],
	[
		'proxy URL with # in the authority',
		recaptchaV2({ proxyInput: 'url', proxyUrl: 'http://bob:8080#@203.0.113.7:3128' }),
		/^Proxy URL contains "#", which ends the address part of a URL; in a login or password write it as %23 \(item 0\)$/,
	],
	[
		'proxy URL with # that leaves no port',
		recaptchaV2({ proxyInput: 'url', proxyUrl: 'http://user:pa#ss@203.0.113.7:8080' }),
		/^Proxy URL contains "#", which ends the address part of a URL/,
	],
	[
		'proxy URL with ? in the authority',
		recaptchaV2({ proxyInput: 'url', proxyUrl: 'http://bob:8080?@203.0.113.7:3128' }),
		/^Proxy URL contains "\?", which ends the address part of a URL; in a login or password write it as %3F \(item 0\)$/,
	],
	[
		'proxy URL with / in the password (a path)',
		recaptchaV2({ proxyInput: 'url', proxyUrl: 'http://bob:8080/pw@203.0.113.7:3128' }),
		/^Proxy URL has a path after the port; end it with host:port, and write a \/ in a login or password as %2F \(item 0\)$/,
	],
	[
		'proxy URL with a tab in the password (URL parsing would drop it)',
		recaptchaV2({ proxyInput: 'url', proxyUrl: 'http://user:p\tw@203.0.113.7:8080' }),
		/^Proxy URL contains a tab, line break or other control character; remove it \(item 0\)$/,
	],
	[
		'proxy URL whose socks host is not a host name',
		recaptchaV2({ proxyInput: 'url', proxyUrl: 'socks5://pro%78y!:1080' }),
		/^Proxy URL has a host that is not an IP address or a host name \(item 0\)$/,
	],
	[
		'proxy login given as an object',
		withProxy({ proxyLogin: '={{ { user: "alice" } }}', proxyPassword: 'pw' }),
		/^Proxy Login must be text, not an object or list \(item 0\)$/,
	],
	[
		'proxy password given as a list',
		withProxy({ proxyLogin: 'alice', proxyPassword: '={{ ["p", "w"] }}' }),
		/^Proxy Password must be text, not an object or list \(item 0\)$/,
	],
	[
		'proxy password given as an object',
		withProxy({ proxyLogin: 'alice', proxyPassword: '={{ { secret: "pw" } }}' }),
		/^Proxy Password must be text, not an object or list \(item 0\)$/,
	],
	[
		'callback URL from an expression that is a number',
		recaptchaV2({ options: { callbackUrl: '={{ 42 }}' } }),
		/^Callback URL must be a full http:\/\/ or https:\/\/ URL, got "42" \(item 0\)$/,
	],
	[
		'callback URL from an expression that is an object',
		recaptchaV2({ options: { callbackUrl: '={{ { url: "https://hooks.example.com" } }}' } }),
		/^Callback URL must be text, not an object or list \(item 0\)$/,
	],
	[
		'callback URL from an expression that is true',
		recaptchaV2({ options: { callbackUrl: '={{ true }}' } }),
		/^Callback URL must be a full http:\/\/ or https:\/\/ URL, got "true" \(item 0\)$/,
	],
	...['__proto__', 'constructor', 'hasOwnProperty', 'toString'].map(
		(name): Case => [
			`binary property named ${name}`,
			image({ imageSource: 'binary', binaryPropertyName: name }),
			new RegExp(`^Input Binary Field "${name}" is not on the input item \\(item 0\\)$`),
			{
				json: {},
				binary: { data: { data: Buffer.alloc(500, 3).toString('base64'), mimeType: 'image/png' } },
			},
		],
	),
	[
		'binary property __proto__ on an item without binary data',
		image({ imageSource: 'binary', binaryPropertyName: '__proto__' }),
		/^Input Binary Field "__proto__" is not on the input item \(item 0\)$/,
	],
	[
		'website URL with an embedded tab',
		recaptchaV2({ websiteURL: 'https://shop.example.com/lo\tgin' }),
		/^Website URL contains a space, tab or line break; remove it, or write a space as %20 \(item 0\)$/,
	],
	[
		'website URL with an embedded line break',
		recaptchaV2({ websiteURL: '={{ "https://shop.example.com/\\nlogin" }}' }),
		/^Website URL contains a space, tab or line break;/,
	],
	[
		'website URL with an embedded space',
		recaptchaV2({ websiteURL: 'https://shop.example.com/my login' }),
		/^Website URL contains a space, tab or line break;/,
	],
	[
		'website URL with one slash after the scheme',
		recaptchaV2({ websiteURL: 'http:/example.com' }),
		/^Website URL must start with http:\/\/ or https:\/\/ and then the host name, got "http:\/example.com" \(item 0\)$/,
	],
	[
		'website URL without slashes after the scheme',
		recaptchaV2({ websiteURL: 'https:example.com/login' }),
		/^Website URL must start with http:\/\/ or https:\/\/ and then the host name/,
	],
	[
		'website URL with three slashes after the scheme',
		recaptchaV2({ websiteURL: 'https:///example.com/login' }),
		/^Website URL must start with http:\/\/ or https:\/\/ and then the host name/,
	],
	[
		'website URL with backslashes',
		recaptchaV2({ websiteURL: 'https:\\\\example.com\\login' }),
		/^Website URL must start with http:\/\/ or https:\/\/ and then the host name/,
	],
	[
		'website URL with a backslash in the path',
		recaptchaV2({ websiteURL: 'https://example.com\\login' }),
		/^Website URL contains a backslash; use \/ in URLs \(item 0\)$/,
	],
	[
		'website URL with a zero-width space in the host',
		recaptchaV2({ websiteURL: 'https://exa\u200Bmple.com/login' }),
		/^Website URL contains an invisible character \(such as a zero-width space\); type the URL again or remove it \(item 0\)$/,
	],
	[
		'script URL with a line break (every URL field is checked alike)',
		{
			resource: 'task',
			operation: 'create',
			taskType: 'amazonWaf',
			websiteURL: 'https://example.com/index.html',
			websiteKey: 'h15hX7brbaRTR...Za1_1',
			captchaScript: 'https://234324vgvc23.yejk.captcha-sdk.awswaf.com/234324vgvc23/\njsapi.js',
		},
		/^Captcha Script URL contains a space, tab or line break;/,
	],
	[
		'callback URL with a tab',
		recaptchaV2({ options: { callbackUrl: 'https://hooks.example.com/\tresume' } }),
		/^Callback URL contains a space, tab or line break;/,
	],
	[
		'website key made only of zero-width spaces',
		recaptchaV2({ websiteKey: '\u200B\u200B\u200B' }),
		/^Website Key contains only invisible characters \(such as zero-width spaces\); paste the value again \(item 0\)$/,
	],
	[
		'website key of invisible characters and spaces from an expression',
		recaptchaV2({ websiteKey: '={{ "\\u200B \\u2060\\uFEFF\\u200D " }}' }),
		/^Website Key contains only invisible characters/,
	],
	[
		'timeout shorter than the first check (reCAPTCHA, 1 s)',
		recaptchaV2({ options: { timeout: 0.5 } }),
		/^Timeout must be more than 1 second for this task type, got 0.5 \(item 0\)$/,
	],
	[
		'timeout equal to the first check (reCAPTCHA, 1 s)',
		recaptchaV2({ options: { timeout: 1 } }),
		/^Timeout must be more than 1 second for this task type, got 1 \(item 0\)$/,
	],
	[
		'timeout shorter than the first check (Image to Text, 0.35 s)',
		image({ options: { timeout: 0.3 } }),
		/^Timeout must be more than 0.35 seconds for this task type, got 0.3 \(item 0\)$/,
	],
	[
		'timeout shorter than the first check with No Cache (10 s)',
		{
			resource: 'task',
			operation: 'create',
			taskType: 'recaptchaV2',
			websiteURL: 'https://example.com',
			websiteKey: 'site-key',
			additionalFields: { noCache: true },
			options: { timeout: 5 },
		},
		/^Timeout must be more than 10 seconds for this task type with No Cache on, got 5 \(item 0\)$/,
	],
	[
		'proxy address with a scheme (socks5://)',
		withProxy({ proxyAddress: 'socks5://203.0.113.7' }),
		/^Proxy Address must be just the IP or host name; to paste a whole proxy URL choose Proxy: Proxy URL \(item 0\)$/,
	],
	[
		'proxy address with login and password',
		withProxy({ proxyAddress: 'alice:secret@203.0.113.7' }),
		/^Proxy Address must be just the IP or host name; put the login and password in Proxy Login and Proxy Password \(item 0\)$/,
	],
	[
		'proxy address with a port',
		withProxy({ proxyAddress: '203.0.113.7:8080' }),
		/^Proxy Address must be just the IP or host name; put the port in Proxy Port \(item 0\)$/,
	],
	[
		'proxy address of an IPv6 address in brackets with a port',
		withProxy({ proxyAddress: '[2001:db8::7]:8080' }),
		/^Proxy Address must be just the IP or host name; put the port in Proxy Port \(item 0\)$/,
	],
	[
		'proxy address with a space inside',
		withProxy({ proxyAddress: '203.0.113.7 8080' }),
		/^Proxy Address must be just the IP or host name, without spaces \(item 0\)$/,
	],
	[
		'proxy address with a tab inside',
		withProxy({ proxyAddress: 'proxy.\texample.com' }),
		/^Proxy Address must be just the IP or host name, without spaces \(item 0\)$/,
	],
	[
		'proxy address with a path',
		withProxy({ proxyAddress: 'proxy.example.com/http' }),
		/^Proxy Address must be just the IP or host name, without a path \(item 0\)$/,
	],
	[
		'proxy address with other characters',
		withProxy({ proxyAddress: 'proxy!.example.com' }),
		/^Proxy Address must be an IP address or a host name made of letters, digits, dots and hyphens \(item 0\)$/,
	],
	[
		'task id above 2^53 as text',
		{ resource: 'task', operation: 'getResult', taskId: '9007199254740993' },
		/^Task ID is too large for a CapMonster task ID \(at most 9007199254740991\), got "9007199254740993" \(item 0\)$/,
	],
	[
		'task id 2^53 as a number',
		{ resource: 'task', operation: 'getResult', taskId: 2 ** 53 },
		/^Task ID is too large for a CapMonster task ID/,
	],
	[
		'task id with 17 digits',
		{ resource: 'task', operation: 'getResult', taskId: '12345678901234567' },
		/^Task ID is too large for a CapMonster task ID/,
	],
	[
		'task id 1e21 as a number',
		{ resource: 'task', operation: 'getResult', taskId: 1e21 },
		/^Task ID is too large for a CapMonster task ID \(at most 9007199254740991\), got "1e\+21" \(item 0\)$/,
	],
	[
		'task id 0',
		{ resource: 'task', operation: 'getResult', taskId: 0 },
		/^Task ID must be a positive whole number, got "0" \(item 0\)$/,
	],
	[
		'task id 0 as text',
		{ resource: 'task', operation: 'getResult', taskId: '0' },
		/^Task ID must be a positive whole number, got "0" \(item 0\)$/,
	],
	[
		'task id -5',
		{ resource: 'task', operation: 'getResult', taskId: '={{ -5 }}' },
		/^Task ID must be a positive whole number, got "-5" \(item 0\)$/,
	],
	[
		'task id 1.5 from an expression',
		{ resource: 'task', operation: 'getResult', taskId: '={{ 1.5 }}' },
		/^Task ID must be a positive whole number, got "1.5" \(item 0\)$/,
	],
	[
		'task id as exponent text',
		{ resource: 'task', operation: 'getResult', taskId: '1e3' },
		/^Task ID must be a positive whole number, got "1e3" \(item 0\)$/,
	],
	[
		'task id above 2^53 to report',
		{ resource: 'report', operation: 'incorrectToken', taskId: '={{ "18014398509481984" }}' },
		/^Task ID is too large for a CapMonster task ID/,
	],
];

describe('bad input is stopped before any request', () => {
	test(`the matrix has at least 40 cases (${CASES.length})`, () => {
		expect(CASES.length).toBeGreaterThanOrEqual(40);
	});

	// Rest parameters keep the callback's arity at 0: jest would read a fourth parameter as `done`.
	test.each([...CASES, ...EDGES])('%s', async (...testCase: Case) => {
		const [, parameters, field, input] = testCase;
		const run = await env.run(parameters, { items: [input ?? { json: {} }] });
		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(field);
		expect(run.error?.message).toContain('(item 0)');
		expect(run.error?.context).toMatchObject({ itemIndex: 0 });
		expect(env.sandbox.requests).toHaveLength(0);
	});

	test('under Continue On Fail, bad items become error items and the good ones are solved', async () => {
		const run = await env.run(recaptchaV2({ websiteURL: '={{ $json.url }}' }), {
			continueOnFail: true,
			items: [
				{ json: { url: 'https://example.com/a' } },
				{ json: { url: 'example.com' } },
				{ json: { url: 'https://example.com/c' } },
				{ json: {} },
			],
		});
		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.json.status ?? item.json.errorCode)).toEqual([
			'ready',
			'INVALID_INPUT',
			'ready',
			'INVALID_INPUT',
		]);
		expect(run.items[1].json.error).toBe(
			'Website URL must be a full http:// or https:// URL, got "example.com" (item 1)',
		);
		expect(run.items[3].json.error).toBe('Website URL is required (item 3)');
		expect(env.sandbox.stats().createTaskCalls).toBe(2);
	});

	test('Max Concurrent Tasks outside 1–100 fails before any request', async () => {
		for (const value of [0, 101, 2.5]) {
			const run = await env.run(recaptchaV2({ options: { maxConcurrentTasks: value } }));
			expect(run.error?.message).toMatch(
				/Max Concurrent Tasks must be a whole number from 1 to 100/,
			);
		}
		expect(env.sandbox.requests).toHaveLength(0);
	});
});

describe('input edges name their own item', () => {
	test('under Continue On Fail each bad item names its field and its index, and nothing is sent', async () => {
		const run = await env.run(
			recaptchaV2({
				websiteURL: '={{ $json.url ?? "https://shop.example.com/login" }}',
				websiteKey: '={{ $json.key ?? "site-key" }}',
				proxyInput: 'url',
				proxyUrl: '={{ $json.proxy ?? "http://203.0.113.7:8080" }}',
				options: {
					callbackUrl: '={{ $json.callback ?? "" }}',
					timeout: '={{ $json.timeout ?? 0 }}',
				},
			}),
			{
				continueOnFail: true,
				items: [
					{ json: { url: 'http:/example.com' } },
					{ json: { key: '\u200B\u200B' } },
					{ json: { proxy: 'http://user:p%zz@203.0.113.7:8080' } },
					{ json: { callback: 42 } },
					{ json: { timeout: 0.5 } },
					{ json: { proxy: 'http://203.0.113.7:8080#@198.51.100.1:3128' } },
				],
			},
		);
		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.json.error)).toEqual([
			'Website URL must start with http:// or https:// and then the host name, got "http:/example.com" (item 0)',
			'Website Key contains only invisible characters (such as zero-width spaces); paste the value again (item 1)',
			'Proxy URL has a broken percent-escape in the login or password; write a % sign as %25 (item 2)',
			'Callback URL must be a full http:// or https:// URL, got "42" (item 3)',
			'Timeout must be more than 1 second for this task type, got 0.5 (item 4)',
			'Proxy URL contains "#", which ends the address part of a URL; in a login or password write it as %23 (item 5)',
		]);
		expect(run.items.map((item) => item.json.errorCode)).toEqual(Array(6).fill('INVALID_INPUT'));
		expect(env.sandbox.requests).toHaveLength(0);
	});

	test('proxy errors never echo the proxy URL or its password', async () => {
		for (const proxyUrl of [
			'http://alice:s3cr%zzet@203.0.113.7:8080',
			'http://alice:s3cr#et@203.0.113.7:8080',
			'http://alice:8080#s3cret@203.0.113.7:3128',
			'http://alice:8080?s3cret@203.0.113.7:3128',
			'http://alice:8080/s3cret@203.0.113.7:3128',
		]) {
			const run = await env.run(recaptchaV2({ proxyInput: 'url', proxyUrl }));
			expect(run.error?.message).toMatch(/^Proxy URL /);
			// (The stored error also carries the node's parameters; the message and description must not.)
			expect(`${run.error?.message} ${run.error?.description}`).not.toMatch(
				/s3cr|alice|203\.0\.113\.7/,
			);
		}
		for (const proxyAddress of ['alice:s3cret@203.0.113.7', 'socks5://alice:s3cret@203.0.113.7']) {
			const run = await env.run(
				recaptchaV2({ proxyInput: 'fields', proxyAddress, proxyPort: 8080, proxyType: 'http' }),
			);
			expect(run.error?.message).toMatch(/^Proxy Address /);
			expect(`${run.error?.message} ${run.error?.description}`).not.toMatch(/s3cr|alice/);
		}
		expect(env.sandbox.requests).toHaveLength(0);
	});
});

describe('input edges that are accepted send exactly what was checked', () => {
	test('a website key with invisible characters around it is sent without them', async () => {
		const run = await env.run(recaptchaV2({ websiteKey: '\u200B\uFEFFsite-key\u2060\u200B' }));
		expect(run.status).toBe('success');
		expect(createBodies(env.sandbox)[0].task?.websiteKey).toBe('site-key');
	});

	test('a website URL is sent as written when it passed the check', async () => {
		const websiteURL = 'https://Shop.Example.com/login?next=%2Fcart#top';
		const run = await env.run(recaptchaV2({ websiteURL: `  ${websiteURL}\n` }));
		expect(run.status).toBe('success');
		expect(createBodies(env.sandbox)[0].task?.websiteURL).toBe(websiteURL);
	});

	test('a Callback URL from an expression with spaces around it is sent trimmed', async () => {
		const run = await env.run(
			recaptchaV2({
				options: { waitForResult: false, callbackUrl: '={{ "  https://hooks.example.com/r  " }}' },
			}),
		);
		expect(run.status).toBe('success');
		expect(createBodies(env.sandbox)[0].callbackUrl).toBe('https://hooks.example.com/r');
	});

	test('a Callback URL expression that gives null or an empty string sends no callback', async () => {
		for (const callbackUrl of ['={{ null }}', '={{ "" }}', '={{ $json.none }}']) {
			const run = await env.run(recaptchaV2({ options: { waitForResult: false, callbackUrl } }));
			expect(run.status).toBe('success');
		}
		expect(createBodies(env.sandbox).map((body) => 'callbackUrl' in body)).toEqual([
			false,
			false,
			false,
		]);
	});

	test('a short Timeout is accepted when the node does not wait for the result', async () => {
		const run = await env.run(recaptchaV2({ options: { waitForResult: false, timeout: 0.5 } }));
		expect(run.status).toBe('success');
		expect(run.items[0].json.status).toBe('processing');
		expect(env.sandbox.stats().createTaskCalls).toBe(1);
	});

	test('a Timeout just above the first check is accepted', async () => {
		const run = await env.run(recaptchaV2({ options: { timeout: 3 } }));
		expect(run.status).toBe('success');
		expect(run.items[0].json.status).toBe('ready');
	});

	test('the largest safe task id is polled exactly', async () => {
		const run = await env.run({
			resource: 'task',
			operation: 'getResult',
			taskId: '9007199254740991',
			options: { waitUntilReady: false },
		});
		expect(run.status).toBe('error');
		const polls = env.sandbox.requests.filter((entry) => entry.method === 'getTaskResult');
		expect(polls.map((entry) => (entry.body as { taskId?: unknown }).taskId)).toEqual([
			9007199254740991,
		]);
	});
});
