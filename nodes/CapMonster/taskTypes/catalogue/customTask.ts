/**
 * CustomTask classes: `"type": "CustomTask"`, `"class"` spelled as the docs spell it, class-specific
 * values under `metadata`. Docs: docs.capmonster.cloud/docs/captchas/datadome, incapsula, tendi,
 * Basilisk-task, altcha-task, castle-task, tspd-task, hunt-task, alibaba-task, temu-task.
 * Friendly Captcha has no docs page; its fields follow the official JS client (FriendlyRequest).
 */
import { cookieHeader, dataField, dataObject } from '../answers';
import { htmlPageBase64, metadata, optionsOf, userAgent, websiteKey, websiteUrl } from '../fields';
import type { TaskTypeSpec } from '../types';

/** The classes' parameter tables spell it websiteURL; some request examples (TSPD, HUNT) write websiteUrl. */
const pageUrl = (description = 'Address of the page protected by the captcha') =>
	websiteUrl(description);

const metadataOf = (task: Record<string, unknown>) =>
	(task.metadata ?? {}) as Record<string, unknown>;

export const CUSTOM_TASK_TYPES: TaskTypeSpec[] = [
	{
		value: 'dataDome',
		name: 'DataDome',
		description:
			'DataDome captcha / device check; the answer is the new datadome cookie as a Cookie header. Needs your proxy.',
		task: { type: 'CustomTask', class: 'DataDome' },
		fields: [
			pageUrl('Address of the page that showed the DataDome captcha'),
			// Older docs and the vendor clients also accept metadata.htmlPageBase64 instead of captchaUrl;
			// the current docs require captchaUrl (https://docs.capmonster.cloud/docs/captchas/datadome/).
			metadata(
				'captchaUrl',
				'Captcha URL',
				'Address of the DataDome captcha frame: the src of its iframe, like https://geo.captcha-delivery.com/captcha/?initialCid=…',
				{ kind: 'url', placeholder: 'https://geo.captcha-delivery.com/captcha/?initialCid=…' },
			),
			metadata(
				'datadomeCookie',
				'DataDome Cookie',
				'The current datadome cookie as datadome=…: from document.cookie, the Set-Cookie header of the blocked response, or Application → Cookies in the browser’s developer tools',
				{ placeholder: 'datadome=VYUWrgJ9ap4zmXq8Mgbp…' },
			),
			metadata(
				'datadomeVersion',
				'Solving Method',
				'New solves pages that load c.js as well as i.js; without it the legacy method (i.js only) is used',
				{
					required: false,
					kind: 'options',
					default: 'new',
					options: optionsOf([{ name: 'New Method (c.js and i.js)', value: 'new' }]),
				},
			),
			userAgent(),
		],
		proxy: 'required',
		check: (task) =>
			/(^|;\s*)datadome=/i.test(String(metadataOf(task).datadomeCookie))
				? undefined
				: {
						field: 'DataDome Cookie',
						problem: 'must contain the cookie as datadome=…, e.g. datadome=VYUWrgJ9ap4zmXq8…',
					},
		answer: cookieHeader,
		timing: 'long',
		report: 'token',
	},
	{
		value: 'imperva',
		name: 'Imperva (Incapsula)',
		description:
			'Imperva / Incapsula bot protection; the answer is the new cookies as a Cookie header. Needs your proxy.',
		task: { type: 'CustomTask', class: 'Imperva' },
		fields: [
			pageUrl(),
			// Older docs and JS 2.4 / .NET 3.1 used incapsulaScriptBase64 + incapsulaSessionCookie; the
			// current docs use these names (https://docs.capmonster.cloud/docs/captchas/incapsula/).
			metadata(
				'incapsulaScriptUrl',
				'Incapsula Script URL',
				'Name of the Incapsula script the page loads, as it appears in the Network tab: _Incapsula_Resource?SWJIYLWA=…',
				{ placeholder: '_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3' },
			),
			metadata(
				'incapsulaCookies',
				'Incapsula Cookies',
				'The site’s Incapsula cookies (incap_ses_…=…; visid_incap_…=…), from document.cookie or the Set-Cookie headers',
				{ placeholder: 'incap_ses_1166_2930313=…; visid_incap_2930313=…' },
			),
			metadata(
				'reese84UrlEndpoint',
				'Reese84 URL Endpoint',
				'Name of the endpoint the reese84 fingerprint is posted to: the request in the Network tab whose address ends with ?d=<site>',
				{ required: false },
			),
			userAgent(),
		],
		proxy: 'required',
		answer: cookieHeader,
		timing: 'short',
		report: 'token',
	},
	{
		value: 'tenDi',
		name: 'TenDI (Tencent)',
		description: 'Tencent captcha (TCaptcha); the answer is {ticket, randstr}',
		task: { type: 'CustomTask', class: 'TenDI' },
		fields: [
			pageUrl(),
			websiteKey(
				'The captchaAppId: the aid= parameter of the captcha’s requests in the Network tab, or CaptchaAppId in the page source (e.g. 189123456)',
			),
			metadata(
				'captchaUrl',
				'Captcha Script URL',
				'Address of the captcha script, ending in TCaptcha.js or TCaptcha-global.js (Network tab)',
				{ required: false, kind: 'url' },
			),
			userAgent(),
		],
		proxy: 'optional',
		answer: dataObject,
		timing: 'long',
		report: 'token',
	},
	{
		value: 'basilisk',
		name: 'Basilisk',
		description: 'Basilisk captcha; the answer is its captcha_response',
		task: { type: 'CustomTask', class: 'Basilisk' },
		fields: [
			pageUrl(),
			websiteKey(
				'The data-sitekey attribute of the captcha container, or site_key in the POST to basiliskcaptcha.com/challenge/check-site',
			),
			userAgent(),
		],
		proxy: 'optional',
		answer: dataField('captcha_response'),
		timing: 'long',
		report: 'token',
	},
	{
		value: 'altcha',
		name: 'Altcha',
		description: 'Altcha proof-of-work captcha; the answer is the token (payload) for the form',
		task: { type: 'CustomTask', class: 'altcha' },
		fields: [
			pageUrl(),
			// Required by the docs, but an empty string is allowed: sent even when blank.
			websiteKey('The Altcha site key if the page has one; may be left empty', {
				required: false,
				primary: true,
				sendEmpty: true,
			}),
			metadata(
				'challenge',
				'Challenge',
				'The challenge value from the JSON the page fetches for Altcha (search the Network tab for "algorithm")',
			),
			metadata(
				'iterations',
				'Iterations',
				'The maxnumber value of that JSON (the docs call it iterations), e.g. 5000',
				{ placeholder: '5000' },
			),
			metadata(
				'salt',
				'Salt',
				'The full salt value of that JSON, exactly as given, including any ?edk=…&codeChallenge=…&expires=… part',
			),
			metadata('signature', 'Signature', 'The signature value of that JSON'),
			userAgent(),
		],
		proxy: 'optional',
		check: (task) => {
			const iterations = String(metadataOf(task).iterations);
			return /^\d+$/.test(iterations)
				? undefined
				: {
						field: 'Iterations',
						problem: `must be a whole number (maxnumber), got "${iterations}"`,
					};
		},
		answer: dataField('token'),
		timing: 'token',
		report: 'token',
	},
	{
		value: 'castle',
		name: 'Castle',
		description:
			'Castle.io device tokens; the answer is a list of tokens (one unless Count is set)',
		task: { type: 'CustomTask', class: 'Castle' },
		fields: [
			// The docs' request example writes "Class": "Castle"; their parameter table says class.
			pageUrl(),
			websiteKey('The Castle publishable key (pk_…), found in the page or its scripts', {
				placeholder: 'pk_1Tk5Yzr1WFzxrJCh7WzMZzY1rHpaOtdK',
			}),
			metadata(
				'wUrl',
				'CW Script URL',
				'Address of cw.js that the page loads (Network tab), e.g. https://s.rsg.sc/auth/js/…/build/cw.js',
				{
					kind: 'url',
				},
			),
			metadata(
				'swUrl',
				'CSW Script URL',
				'Address of csw.js that the page loads (Network tab), e.g. https://s.rsg.sc/auth/js/…/build/csw.js',
				{
					kind: 'url',
				},
			),
			metadata(
				'count',
				'Count',
				'How many tokens to generate for the same browser session (1–49); each is charged',
				{ required: false, kind: 'integer', min: 1, max: 49, default: 1 },
			),
			userAgent(),
		],
		proxy: 'optional',
		answer: dataField('tokens'),
		timing: 'token',
		report: 'token',
	},
	{
		value: 'tspd',
		name: 'TSPD (F5)',
		description:
			'F5 / TSPD bot challenge; the answer is the new TS… cookies as a Cookie header. Needs your proxy.',
		task: { type: 'CustomTask', class: 'tspd' },
		fields: [
			pageUrl('Address of the page that showed the TSPD challenge'),
			metadata(
				'tspdCookie',
				'TSPD Cookie',
				'All cookies set on the TSPD challenge page (TS…=…; TS…=…), from document.cookie or the Set-Cookie headers',
				{ placeholder: 'TS386a400d029=08…; TSd2153684027=08…' },
			),
			htmlPageBase64(
				'The whole HTML of the TSPD challenge page as base64: the body of the blocked response, encoded e.g. with the expression {{ $json.data.base64Encode() }}',
				'metadata.htmlPageBase64',
			),
			userAgent(true),
		],
		proxy: 'required',
		answer: cookieHeader,
		timing: 'token',
		report: 'token',
	},
	{
		value: 'hunt',
		name: 'HUNT',
		description:
			'HUNT protection: an X-HD fingerprint, or the captcha token when Data is given. Needs your proxy.',
		task: { type: 'CustomTask', class: 'HUNT' },
		fields: [
			pageUrl(),
			metadata(
				'apiGetLib',
				'API Script URL',
				'Full address of the HUNT api.js (…/hd-api/external/apps/<hash>/api.js): search the Network or Elements tab for hd-api',
				{ kind: 'url' },
			),
			metadata(
				'data',
				'Data',
				'Only to solve the captcha itself: the site’s meta token (META_TOKEN). Leave empty to get an X-HD fingerprint instead.',
				{ required: false },
			),
			userAgent(),
		],
		proxy: 'required',
		answer: dataField('token'),
		timing: 'token',
		report: 'token',
	},
	{
		value: 'alibaba',
		name: 'Alibaba Cloud Captcha',
		description:
			'Alibaba Cloud (Aliyun) captcha; the answer is the tokens JSON text (sceneId, certifyId, deviceToken, data)',
		task: { type: 'CustomTask', class: 'alibaba' },
		fields: [
			pageUrl(),
			metadata(
				'sceneId',
				'Scene ID',
				'The sceneId of the captcha: in the payload or response of the verify request after solving it once by hand (Network tab)',
				{ placeholder: '1ww7426c4' },
			),
			metadata(
				'prefix',
				'Prefix',
				'The subdomain of the captcha’s requests: for https://dlw3kug.captcha-open.….aliyuncs.com/ it is dlw3kug',
				{ placeholder: 'dlw3kug' },
			),
			userAgent(),
		],
		// The docs' "with proxy" request example puts the proxy fields inside metadata (an unclosed
		// brace); every other page and client puts them at the top level of the task, as the node does.
		proxy: 'optional',
		answer: dataField('tokens'),
		timing: 'long',
		report: 'token',
	},
	{
		value: 'friendlyCaptcha',
		name: 'Friendly Captcha',
		description: 'Friendly Captcha widget (v1 or v2); the answer is the frc-captcha-solution token',
		task: { type: 'CustomTask', class: 'friendly' },
		fields: [
			pageUrl(),
			websiteKey(
				'The data-sitekey attribute of the frc-captcha element (or sitekey in its JavaScript setup)',
			),
			metadata(
				'apiGetLib',
				'Widget Script URL',
				'Address of the Friendly Captcha script the page loads: widget.module.min.js (v1) or site.min.js (v2)',
				{ kind: 'url' },
			),
			userAgent(),
		],
		proxy: 'optional',
		answer: dataField('token'),
		timing: 'long',
		report: 'token',
	},
	{
		value: 'temu',
		name: 'Temu',
		description:
			'Temu slider / click verification; the answer is the new cookies as a Cookie header (replace all cookies)',
		// The official n8n node sends "type": "TemuTask"; the docs use CustomTask with class Temu.
		task: { type: 'CustomTask', class: 'Temu' },
		fields: [
			pageUrl(
				'Address of the verification page that shows the captcha (…/bgn_verification.html?…), in full',
			),
			metadata(
				'cookie',
				'Cookie',
				'All cookies of the verification page: the value of document.cookie in the browser console there',
				{ placeholder: 'region=141; language=en; api_uid=…; _nano_fp=…; verifyAuthToken=…' },
			),
			userAgent(),
		],
		proxy: 'optional',
		answer: cookieHeader,
		timing: 'long',
		report: 'token',
	},
];
