/** Body cases for the task types of nodes/CapMonster/taskTypes/catalogue/customTask.ts. */
import { PROXY_FIELDS, PROXY_PARAMETERS, USER_AGENT } from '../harness';
import { type BodyCase, data, cookieString } from './shared';

const TSPD_PAGE = Buffer.from(
	'<!DOCTYPE html><html><head><meta http-equiv="Pragma" content="no-cache"/><script src="/TSPD/08a1?type=9"></script></head><body></body></html>',
).toString('base64');

export const CUSTOM_TASK_CASES: BodyCase[] = [
	{
		title: 'DataDome (CustomTask, proxy required, new method)',
		taskType: 'dataDome',
		parameters: {
			websiteURL: 'https://example.com',
			captchaUrl:
				'https://geo.captcha-delivery.com/interstitial/?initialCid=AHrlqAAAAAMA9UvsL58YLqIAXNLFPg%3D%3D&hash=C0705ACD75EBF650A07FF8291D3528&cid=7sfa5xUfDrR4bQTp1c2mhtiD7jj9TXExcQ&referer=https%3A%2F%2Fwww.example.com.au%2F&s=6522&b=978936&dm=cm',
			datadomeCookie: 'datadome=VYUWrgJ9ap4zmXq8Mgbp...64emvUPeON45z',
			...PROXY_PARAMETERS,
			additionalFields: { datadomeVersion: 'new', userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'DataDome',
			websiteURL: 'https://example.com',
			userAgent: USER_AGENT,
			metadata: {
				captchaUrl:
					'https://geo.captcha-delivery.com/interstitial/?initialCid=AHrlqAAAAAMA9UvsL58YLqIAXNLFPg%3D%3D&hash=C0705ACD75EBF650A07FF8291D3528&cid=7sfa5xUfDrR4bQTp1c2mhtiD7jj9TXExcQ&referer=https%3A%2F%2Fwww.example.com.au%2F&s=6522&b=978936&dm=cm',
				datadomeCookie: 'datadome=VYUWrgJ9ap4zmXq8Mgbp...64emvUPeON45z',
				datadomeVersion: 'new',
			},
			...PROXY_FIELDS,
		},
		token: cookieString,
	},
	{
		title: 'Imperva (CustomTask, proxy required) with reese84 endpoint',
		taskType: 'imperva',
		parameters: {
			websiteURL: 'https://example.com',
			incapsulaScriptUrl: '_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3',
			incapsulaCookies:
				'incap_ses_1166_2930313=br7iX33ZNCtf3HlpEXcuEDzz72cAAAAA0suDnBGrq/iA0J4oERYzjQ==; visid_incap_2930313=P3hgPVm9S8Oond1L0sXhZqfK72cAAAAAQUIPAAAAAABoMSY9xZ34RvRseJRiY6s+;',
			proxyInput: 'url',
			proxyUrl: 'http://proxyLoginHere:proxyPasswordHere@203.0.113.10:8080',
			additionalFields: {
				reese84UrlEndpoint: 'Built-with-the-For-hopence-Hurleysurfecting-the-',
				userAgent: USER_AGENT,
			},
		},
		expected: {
			type: 'CustomTask',
			class: 'Imperva',
			websiteURL: 'https://example.com',
			userAgent: USER_AGENT,
			metadata: {
				incapsulaScriptUrl: '_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3',
				incapsulaCookies:
					'incap_ses_1166_2930313=br7iX33ZNCtf3HlpEXcuEDzz72cAAAAA0suDnBGrq/iA0J4oERYzjQ==; visid_incap_2930313=P3hgPVm9S8Oond1L0sXhZqfK72cAAAAAQUIPAAAAAABoMSY9xZ34RvRseJRiY6s+;',
				reese84UrlEndpoint: 'Built-with-the-For-hopence-Hurleysurfecting-the-',
			},
			...PROXY_FIELDS,
		},
		token: cookieString,
	},
	{
		title: 'TenDI (CustomTask) with captcha script URL',
		taskType: 'tenDi',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: '189123456',
			additionalFields: {
				captchaUrl: 'https://global.captcha.example.com/TCaptcha-global.js',
				userAgent: USER_AGENT,
			},
		},
		expected: {
			type: 'CustomTask',
			class: 'TenDI',
			websiteURL: 'https://example.com',
			websiteKey: '189123456',
			userAgent: USER_AGENT,
			metadata: { captchaUrl: 'https://global.captcha.example.com/TCaptcha-global.js' },
		},
		token: (solution) => solution.data,
	},
	{
		title: 'Basilisk (CustomTask)',
		taskType: 'basilisk',
		parameters: {
			websiteURL: 'https://domain.io/account/register',
			websiteKey: 'b7890hre5cf2544b2759c19fb2600897',
			...PROXY_PARAMETERS,
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'Basilisk',
			websiteURL: 'https://domain.io/account/register',
			websiteKey: 'b7890hre5cf2544b2759c19fb2600897',
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		token: data('captcha_response'),
	},
	{
		title: 'Altcha (CustomTask) sends an empty website key',
		taskType: 'altcha',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: '',
			challenge: '3dd28253be6cc0c54d95f7f98c517e68744597cc6e66109619d1ac975c39181c',
			iterations: '5000',
			salt: '46d5b1c8871e5152d902ee3f?edk=1493462145de1ce33a52fb569b27a364&codeChallenge=464Cjs7PbiJJhJZ_ReJ-y9UGGDndcpsnP6vS8x1nEJyTkhjQkJyL2jcnYEuMKcrG&expires=1761048664',
			signature: '4b1cf0e0be0f4e5247e50b0f9a449830f1fbca44c32ff94bc080146815f31a18',
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'altcha',
			websiteURL: 'https://example.com',
			websiteKey: '',
			userAgent: USER_AGENT,
			metadata: {
				challenge: '3dd28253be6cc0c54d95f7f98c517e68744597cc6e66109619d1ac975c39181c',
				iterations: '5000',
				salt: '46d5b1c8871e5152d902ee3f?edk=1493462145de1ce33a52fb569b27a364&codeChallenge=464Cjs7PbiJJhJZ_ReJ-y9UGGDndcpsnP6vS8x1nEJyTkhjQkJyL2jcnYEuMKcrG&expires=1761048664',
				signature: '4b1cf0e0be0f4e5247e50b0f9a449830f1fbca44c32ff94bc080146815f31a18',
			},
		},
		token: data('token'),
	},
	{
		title: 'Castle (CustomTask) with a token count',
		taskType: 'castle',
		parameters: {
			websiteURL: 'https://www.example.com/',
			websiteKey: 'pk_1Tk5Yzr1WFzxrJCh7WzMZzY1rHpaOtdK',
			wUrl: 'https://s.rsg.sc/auth/js/20251234bgef/build/cw.js',
			swUrl: 'https://s.rsg.sc/auth/js/20251234bgef/build/csw.js',
			additionalFields: { count: 3, userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'Castle',
			websiteURL: 'https://www.example.com/',
			websiteKey: 'pk_1Tk5Yzr1WFzxrJCh7WzMZzY1rHpaOtdK',
			userAgent: USER_AGENT,
			metadata: {
				wUrl: 'https://s.rsg.sc/auth/js/20251234bgef/build/cw.js',
				swUrl: 'https://s.rsg.sc/auth/js/20251234bgef/build/csw.js',
				count: 3,
			},
		},
		token: data('tokens'),
	},
	{
		title: 'TSPD (CustomTask, proxy required)',
		taskType: 'tspd',
		parameters: {
			websiteURL: 'https://example.com',
			tspdCookie: 'TS386a400d029=08267062; TS386a400d078=0826706b; TSd2153684027=08267ac4',
			htmlPageBase64: TSPD_PAGE,
			userAgent: USER_AGENT,
			...PROXY_PARAMETERS,
		},
		expected: {
			type: 'CustomTask',
			class: 'tspd',
			websiteURL: 'https://example.com',
			metadata: {
				tspdCookie: 'TS386a400d029=08267062; TS386a400d078=0826706b; TSd2153684027=08267ac4',
				htmlPageBase64: TSPD_PAGE,
			},
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		token: cookieString,
	},
	{
		title: 'HUNT (CustomTask, proxy required), fingerprint mode',
		taskType: 'hunt',
		parameters: {
			websiteURL: 'https://example.com',
			apiGetLib:
				'https://example.com/hd-api/external/apps/a2157wab1045d68672a63557e0n2a77edbfd15ea/api.js',
			...PROXY_PARAMETERS,
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'HUNT',
			websiteURL: 'https://example.com',
			metadata: {
				apiGetLib:
					'https://example.com/hd-api/external/apps/a2157wab1045d68672a63557e0n2a77edbfd15ea/api.js',
			},
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		token: data('token'),
	},
	{
		title: 'HUNT (CustomTask), captcha mode with the meta token',
		taskType: 'hunt',
		parameters: {
			websiteURL: 'https://example.com',
			apiGetLib:
				'https://example.com/hd-api/external/apps/a2157wab1045d68672a63557e0n2a77edbfd15ea/api.js',
			...PROXY_PARAMETERS,
			additionalFields: { data: 'kufyHK/s/jTNU...AfwIW' },
		},
		expected: {
			type: 'CustomTask',
			class: 'HUNT',
			websiteURL: 'https://example.com',
			metadata: {
				apiGetLib:
					'https://example.com/hd-api/external/apps/a2157wab1045d68672a63557e0n2a77edbfd15ea/api.js',
				data: 'kufyHK/s/jTNU...AfwIW',
			},
			...PROXY_FIELDS,
		},
		token: data('token'),
	},
	{
		title: 'Alibaba (CustomTask)',
		taskType: 'alibaba',
		parameters: {
			websiteURL: 'https://www.example.com',
			sceneId: '1ww7426c4',
			prefix: 'dlw3kug',
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'alibaba',
			websiteURL: 'https://www.example.com',
			userAgent: USER_AGENT,
			metadata: { sceneId: '1ww7426c4', prefix: 'dlw3kug' },
		},
		token: data('tokens'),
	},
	{
		title: 'Friendly Captcha (CustomTask)',
		taskType: 'friendlyCaptcha',
		parameters: {
			websiteURL: 'https://example.com/signup',
			websiteKey: 'FCMGEMUD2KTDSQ5H',
			apiGetLib: 'https://cdn.jsdelivr.net/npm/friendly-challenge@0.9.12/widget.module.min.js',
		},
		expected: {
			type: 'CustomTask',
			class: 'friendly',
			websiteURL: 'https://example.com/signup',
			websiteKey: 'FCMGEMUD2KTDSQ5H',
			metadata: {
				apiGetLib: 'https://cdn.jsdelivr.net/npm/friendly-challenge@0.9.12/widget.module.min.js',
			},
		},
		token: data('token'),
	},
	{
		title: 'Temu (CustomTask, not TemuTask)',
		taskType: 'temu',
		parameters: {
			websiteURL:
				'https://www.example.com/bgn_verification.html?verifyCode=7PRQIzDznoFE67ecZYtRTw394f6185143a4af80&from=https%3A%2F%2Fwww.example.com%2F',
			cookie:
				'region=141; language=en; currency=EUR; api_uid=CnBpI2fwFW2BogBITHVYAg==; _nano_fp=XpmYXqmJnqX8npXblT_T6~7rkpA2LDnz2BPFuT5m; verifyAuthToken=QkZmx2TJFbSuuRVD_MKJmA0b84fe3df183da8ab',
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'CustomTask',
			class: 'Temu',
			websiteURL:
				'https://www.example.com/bgn_verification.html?verifyCode=7PRQIzDznoFE67ecZYtRTw394f6185143a4af80&from=https%3A%2F%2Fwww.example.com%2F',
			userAgent: USER_AGENT,
			metadata: {
				cookie:
					'region=141; language=en; currency=EUR; api_uid=CnBpI2fwFW2BogBITHVYAg==; _nano_fp=XpmYXqmJnqX8npXblT_T6~7rkpA2LDnz2BPFuT5m; verifyAuthToken=QkZmx2TJFbSuuRVD_MKJmA0b84fe3df183da8ab',
			},
		},
		token: cookieString,
	},
];
