/**
 * The detection corpus: realistic pages written from each vendor's own integration docs (embed
 * styles as the vendors document them), each with every captcha it must report, in page order.
 * `values` lists the task fields that must be found (compared exactly); fields not listed must be
 * absent. Negatives expect nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Expected {
	taskType: string | null;
	websiteKey: string | null;
	/** Every detected field value besides websiteURL (websiteKey included). */
	values: Record<string, unknown>;
	missing?: string[];
}

export interface CorpusCase {
	file: string;
	/** The family the page is about (every recogniser must have at least one case). */
	family: string;
	pageUrl: string;
	expect: Expected[];
}

export const PAGE_URL = 'https://www.example.com/account/login';

const DIR = path.join(__dirname, 'pages');

export function page(file: string): string {
	return fs.readFileSync(path.join(DIR, file), 'utf8');
}

const one = (
	taskType: string | null,
	websiteKey: string | null,
	values: Record<string, unknown> = {},
	missing: string[] = [],
): Expected => ({
	taskType,
	websiteKey,
	values: {
		...(websiteKey !== null && !('gt' in values) && !('websitePublicKey' in values)
			? { websiteKey }
			: {}),
		...values,
	},
	missing,
});

export const CORPUS: CorpusCase[] = [
	// reCAPTCHA
	{
		file: 'recaptcha-v2-checkbox.html',
		family: 'reCAPTCHA',
		pageUrl: PAGE_URL,
		expect: [one('recaptchaV2', '6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI')],
	},
	{
		file: 'recaptcha-v2-invisible-button.html',
		family: 'reCAPTCHA',
		pageUrl: PAGE_URL,
		expect: [one('recaptchaV2', '6Lc_aCMTAAAAABx7u2W0WPXnVbI_v6ZdbM6rYf16', { isInvisible: true })],
	},
	{
		file: 'recaptcha-v2-explicit.html',
		family: 'reCAPTCHA',
		pageUrl: PAGE_URL,
		expect: [one('recaptchaV2', '6LdyC2cUAAAAACGuDKpXeDorzUDWXmdqeg-xy696', { isInvisible: true })],
	},
	{
		file: 'recaptcha-v2-anchor-iframe.html',
		family: 'reCAPTCHA',
		pageUrl: PAGE_URL,
		expect: [one('recaptchaV2', '6LfD3PIbAAAAAJs_eEHvoOl75_83eXSqpPSRFJ_u')],
	},
	{
		file: 'loose-sitekey-with-script.html',
		family: 'reCAPTCHA',
		pageUrl: PAGE_URL,
		expect: [one('recaptchaV2', '6LfW6wATAAAAAHLqO2pb8bDBahxlMxNdo9g947u9')],
	},
	{
		file: 'recaptcha-v3.html',
		family: 'reCAPTCHA',
		pageUrl: PAGE_URL,
		expect: [
			one('recaptchaV3', '6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf', { pageAction: 'login' }),
		],
	},
	{
		file: 'recaptcha-v3-button.html',
		family: 'reCAPTCHA',
		pageUrl: PAGE_URL,
		expect: [
			one('recaptchaV3', '6LdKlZEpAAAAAAOQjzC2v_d36tWxCl6dWsozdSy9', { pageAction: 'submit' }),
		],
	},
	{
		file: 'recaptcha-v2-enterprise.html',
		family: 'reCAPTCHA',
		pageUrl: PAGE_URL,
		expect: [
			one('recaptchaV2Enterprise', '6Lf26sYUAAAAAL3o0ZkzNe-Bw3rm1VlbYxH7CKn6', {
				pageAction: 'CHECKOUT',
				enterprisePayload: { s: 'Gt6gJ4QyBp4wF2eP3Pq9s0xSx9ljgNfKq2oBuC0VbPSJmZVpF6zXq' },
			}),
		],
	},
	{
		file: 'recaptcha-v2-enterprise-recaptcha-net.html',
		family: 'reCAPTCHA',
		pageUrl: PAGE_URL,
		expect: [
			one('recaptchaV2Enterprise', '6LcQz8wpAAAAAI9gY2y0Q6h5gTw1V8tT4Tgr1C9R', {
				pageAction: 'SIGNIN',
				enterprisePayload: { s: 'R7Xx0vJ3bq8Tm5Q2kLw9pYd4Hn6Fc1Gz0sA8eB3uV5i' },
				apiDomain: 'www.recaptcha.net',
			}),
		],
	},
	{
		file: 'recaptcha-v3-enterprise.html',
		family: 'reCAPTCHA',
		pageUrl: PAGE_URL,
		expect: [
			one('recaptchaV3Enterprise', '6LcGbF0pAAAAAGc_3SFtV7ckB-sT6Q0bFGcA9A4V', {
				pageAction: 'LOGIN',
			}),
		],
	},
	// Cloudflare Turnstile
	{
		file: 'turnstile-implicit.html',
		family: 'Cloudflare Turnstile',
		pageUrl: PAGE_URL,
		expect: [
			one('turnstile', '0x4AAAAAAADnPIDROrmt1Wwj', {
				pageAction: 'login',
				data: 'sessionid-123456789',
			}),
		],
	},
	{
		file: 'turnstile-explicit.html',
		family: 'Cloudflare Turnstile',
		pageUrl: PAGE_URL,
		expect: [
			one('turnstile', '0x4AAAAAAAC3DHQFLr1GavRN', { pageAction: 'signup', data: 'abc-123' }),
		],
	},
	{
		file: 'turnstile-iframe.html',
		family: 'Cloudflare Turnstile',
		pageUrl: PAGE_URL,
		expect: [one('turnstile', '0x4AAAAAAAQ9Bn7ZpKa6bzXQ')],
	},
	// hCaptcha (reported, not supported)
	{
		file: 'hcaptcha.html',
		family: 'hCaptcha',
		pageUrl: PAGE_URL,
		expect: [one(null, '10000000-ffff-ffff-ffff-000000000001')],
	},
	{
		file: 'only-hcaptcha.html',
		family: 'hCaptcha',
		pageUrl: PAGE_URL,
		expect: [one(null, '4c672d35-0701-42b2-88c3-78380b0db560')],
	},
	// GeeTest
	{
		file: 'geetest-v3.html',
		family: 'GeeTest',
		pageUrl: PAGE_URL,
		expect: [
			one('geetestV3', '022397c99c9f646f6477822485f30404', {
				gt: '022397c99c9f646f6477822485f30404',
				challenge: 'a66f31a53a404af8d1f271eec5138aa1',
				geetestApiServerSubdomain: 'api-na.geetest.com',
			}),
		],
	},
	{
		file: 'geetest-v3-no-challenge.html',
		family: 'GeeTest',
		pageUrl: PAGE_URL,
		expect: [
			one(
				'geetestV3',
				'81388ea1fc187e0c335c0a8907ff2625',
				{ gt: '81388ea1fc187e0c335c0a8907ff2625' },
				['Challenge'],
			),
		],
	},
	{
		file: 'geetest-v4.html',
		family: 'GeeTest',
		pageUrl: PAGE_URL,
		expect: [
			one('geetestV4', '54088bb07d2df3c46b79f80300b0abbe', {
				gt: '54088bb07d2df3c46b79f80300b0abbe',
				initParameters: { riskType: 'slide' },
			}),
		],
	},
	// Arkose
	{
		file: 'funcaptcha.html',
		family: 'FunCaptcha (Arkose Labs)',
		pageUrl: PAGE_URL,
		expect: [
			one('funCaptcha', '476068BF-9607-4799-B53D-966BE98E2B81', {
				websitePublicKey: '476068BF-9607-4799-B53D-966BE98E2B81',
			}),
		],
	},
	{
		file: 'funcaptcha-custom-subdomain.html',
		family: 'FunCaptcha (Arkose Labs)',
		pageUrl: PAGE_URL,
		expect: [
			one('funCaptcha', 'A2A14B1D-1AF3-C791-9BBC-EE33CC7A0A6F', {
				websitePublicKey: 'A2A14B1D-1AF3-C791-9BBC-EE33CC7A0A6F',
				funcaptchaApiJSSubdomain: 'example-api.arkoselabs.com',
			}),
		],
	},
	{
		file: 'funcaptcha-legacy.html',
		family: 'FunCaptcha (Arkose Labs)',
		pageUrl: PAGE_URL,
		expect: [
			one('funCaptcha', '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC', {
				websitePublicKey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC',
			}),
		],
	},
	// DataDome
	{
		file: 'datadome-captcha.html',
		family: 'DataDome',
		pageUrl: PAGE_URL,
		expect: [
			one('dataDome', null, {
				captchaUrl:
					'https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAAAAAMAsXfkOwcM2WAAFWFG_Q%3D%3D&hash=A55FBF4311ED6F1BF9911EB71931D5&cid=Yv0vk%7ESZ8CYeQbXbF9mDMWkT9fJg0K3CcN_tgl2D8lx0oGZ5tmfyIxVXDTbqR1nBv0ybhTyDfkFOq8uf2Gz9qP1OtmVYU6xa_r9a6ssBlVi9sO3BfDPXBpKNJxCCTq&t=fe&referer=https%3A%2F%2Fwww.example.com%2Faccount%2Flogin&s=40373&e=c1e6f31a2a1c48b8a1f4f7c0b1f3e6d9&dm=cd',
				datadomeCookie:
					'datadome=Yv0vk~SZ8CYeQbXbF9mDMWkT9fJg0K3CcN_tgl2D8lx0oGZ5tmfyIxVXDTbqR1nBv0ybhTyDfkFOq8uf2Gz9qP1OtmVYU6xa_r9a6ssBlVi9sO3BfDPXBpKNJxCCTq',
				datadomeVersion: 'new',
			}),
		],
	},
	{
		file: 'datadome-iframe.html',
		family: 'DataDome',
		pageUrl: PAGE_URL,
		expect: [
			one('dataDome', null, {
				captchaUrl:
					'https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAAAAAMA1QGvUmJwyYoAwpyjNg%3D%3D&hash=789361B674144528D0B7EE76B35826&cid=6QAEcL8coBYTi9tYLmjCdyKmNNyHz1x&t=fe&referer=https%3A%2F%2Fshop.example.com%2F&s=17434&e=3e7ae0ae8f3b0f06e1b4&dm=cd',
				datadomeCookie: 'datadome=6QAEcL8coBYTi9tYLmjCdyKmNNyHz1x',
			}),
		],
	},
	// Amazon AWS WAF
	{
		file: 'aws-waf-challenge.html',
		family: 'Amazon AWS WAF',
		pageUrl: PAGE_URL,
		expect: [
			one(
				'amazonWafChallenge',
				'AQIDAHjcYu/GjX+QlghicBgQ/7bFaQZ+m5FKCMDnO+vTbNg96AHDh0IR5vgzHNceHYqZR+GOAAAAfjB8BgkqhkiG9w0BBwagbzBtAgEAMGgGCSqGSIb3DQEHATAeBglghkgBZQMEAS4wEQQMsYNQbVKlkjsQyeFtAgEQgDu3W7z9Jl1pK3J9yL3Hx0b3u9vRZ0mV2Kq6NjSfOY5VOKr+3jR8GNGqQlK1C3Oe2o1tZw2eWwZ6X7nPQw==',
				{
					iv: 'CgAHbCe2GgAAAAAG',
					context:
						'9BUiyDLhpE5yJRRrABgv0MXBZZgGddUzsl8b8z2sG9Gqf4v6SNl6mX8sQW/aa2Uh1hi9F6CYFq6l0yLqEwW3LO2B9ljgkKv0Z5Jss/yUOdcTJaVw2FqXHl2xP1A1YU0y8d3uM+8B7x2TXmf8FCNtWU6ooFcXGCs5wGtaNTRXsJQsXWqPhlMOm2o=',
					challengeScript:
						'https://b7a21c4e0e28.5a6b2f25.us-east-1.token.awswaf.com/b7a21c4e0e28/a80f7c8e6e0c/0a1ad2b0f6b7/challenge.js',
					captchaScript:
						'https://b7a21c4e0e28.5a6b2f25.us-east-1.captcha.awswaf.com/b7a21c4e0e28/a80f7c8e6e0c/0a1ad2b0f6b7/captcha.js',
					cookieSolution: false,
				},
			),
		],
	},
	{
		file: 'aws-waf-jsapi.html',
		family: 'Amazon AWS WAF',
		pageUrl: PAGE_URL,
		expect: [
			one(
				'amazonWaf',
				'uwHkLdvBTt7Uoqw1S+h8XgwvlEMiMCnfAN+yLXx4wNnKCnZMFb3bxqyRTkFbIKpWNA0X/XIMa7qQFsHeEKU1+O6jRF+l/N3iHoeNIwjJ8Cg=_0_1',
				{
					captchaScript:
						'https://5ec9fe7f4e0c.us-east-1.captcha-sdk.awswaf.com/5ec9fe7f4e0c/jsapi.js',
					cookieSolution: false,
				},
			),
		],
	},
	{
		file: 'aws-waf-invisible.html',
		family: 'Amazon AWS WAF',
		pageUrl: PAGE_URL,
		expect: [
			one('amazonWafInvisible', null, {
				challengeScript:
					'https://0f3a6f6c7d1c.edge.sdk.awswaf.com/0f3a6f6c7d1c/9f8e7d6c5b4a/challenge.js',
				cookieSolution: true,
			}),
		],
	},
	// Widgets
	{
		file: 'mtcaptcha.html',
		family: 'MTCaptcha',
		pageUrl: PAGE_URL,
		expect: [one('mtCaptcha', 'MTPublic-KzqLY1cKH', { pageAction: 'login' })],
	},
	{
		file: 'prosopo.html',
		family: 'Prosopo',
		pageUrl: PAGE_URL,
		expect: [one('prosopo', '5C7bfXYwachNuvmasEFtWi9BMS41uBvo6KpYHVSQmad4nWzw')],
	},
	{
		file: 'friendly-v1.html',
		family: 'Friendly Captcha',
		pageUrl: PAGE_URL,
		expect: [
			one('friendlyCaptcha', 'FCMGEMUD2KTDSQ5H', {
				apiGetLib: 'https://cdn.jsdelivr.net/npm/friendly-challenge@0.9.18/widget.module.min.js',
			}),
		],
	},
	{
		file: 'friendly-v2.html',
		family: 'Friendly Captcha',
		pageUrl: PAGE_URL,
		expect: [
			one('friendlyCaptcha', 'FCMV995TUV8P8D4B', {
				apiGetLib: 'https://cdn.jsdelivr.net/npm/@friendlycaptcha/sdk@0.1.8/site.min.js',
			}),
		],
	},
	{
		file: 'altcha-inline.html',
		family: 'ALTCHA',
		pageUrl: PAGE_URL,
		expect: [
			one('altcha', '', {
				challenge: '4324e4fd8e8a2e4a3d1fbd7b4d9ba5c3b5e2a8c4f1e9d7b6a5c4e3d2f1a0b9c8',
				iterations: '50000',
				salt: '1e2f0f1c7cfd4b6a?expires=1767225600',
				signature: 'd3a5f1f8e2c4b6a7d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2',
			}),
		],
	},
	{
		file: 'altcha-url.html',
		family: 'ALTCHA',
		pageUrl: PAGE_URL,
		expect: [one('altcha', '', {}, ['Challenge', 'Iterations', 'Salt', 'Signature'])],
	},
	{
		file: 'yidun.html',
		family: 'Yidun (NetEase)',
		pageUrl: PAGE_URL,
		expect: [one('yidun', '7d856ac2068b41a1b8525f3fffe92d1c')],
	},
	{
		file: 'tencent.html',
		family: 'TenDI (Tencent)',
		pageUrl: PAGE_URL,
		expect: [
			one('tenDi', '189956587', { captchaUrl: 'https://turing.captcha.qcloud.com/TCaptcha.js' }),
		],
	},
	// Several captchas in page order; one key used by two forms is one captcha.
	{
		file: 'multi-captcha.html',
		family: 'multi',
		pageUrl: PAGE_URL,
		expect: [
			one('turnstile', '0x4AAAAAAAB1pH2Jd1kZ7Zqs'),
			one('recaptchaV2', '6LdQy7wUAAAAAN3vzqFgHnO1xYpJ2bG0Wk-EuQ9r'),
			one(null, 'a5f74b19-9e45-40e0-b45d-47ff91b7a6c2'),
			one('geetestV4', 'e392e1d7fd421dc63325744d5a2b9c73', {
				gt: 'e392e1d7fd421dc63325744d5a2b9c73',
			}),
		],
	},
	// Not captchas: code examples, comments, hints, templates, placeholders, a bare data-sitekey.
	{ file: 'negative-docs-page.html', family: 'negative', pageUrl: PAGE_URL, expect: [] },
	{ file: 'no-captcha.html', family: 'negative', pageUrl: PAGE_URL, expect: [] },
];
