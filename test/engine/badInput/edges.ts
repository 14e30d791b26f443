/** The input edges of badInput.test.ts (issue 13). */
import { recaptchaV2 } from '../../helpers/fixtures';
import { image, withProxy, type Case } from './cases';

/** The input edges of issue 13: each was mis-sent, crashed or was silently changed before. */
export const EDGES: Case[] = [
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
