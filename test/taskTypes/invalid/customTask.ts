/** Invalid inputs for the task types of nodes/CapMonster/taskTypes/catalogue/customTask.ts. */
import { EMPTY, NOT_URL, REQUIRED, bad, missing, type InvalidCases } from './shared';

export const CUSTOM_TASK_INVALID: Record<string, InvalidCases> = {
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
};
