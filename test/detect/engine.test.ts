/**
 * Detect Captcha and Create Task → Auto-Detect From Page in n8n's real engine against the sandbox:
 * Detect sends nothing and needs no credential; Auto-Detect sends exactly the body the manual type
 * sends for the same values, and refuses (sending nothing) what it cannot solve.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { findTaskType } from '../../nodes/CapMonster/taskTypes';
import { runNode, type NodeRun } from '../helpers/engine';
import { PROXY_FIELDS, PROXY_PARAMETERS, useFileSandbox } from '../taskTypes/harness';
import { page, PAGE_URL } from './corpus';

const fixture = useFileSandbox();
const credentials = () => ({ apiKey: 'test-key', baseUrl: fixture.sandbox.url });

const pageItem = (file: string, url = PAGE_URL): INodeExecutionData => ({
	json: { data: page(file), url },
});

async function detect(
	items: INodeExecutionData[],
	parameters: INodeParameters = {},
	options: { continueOnFail?: boolean; withCredential?: boolean } = {},
): Promise<NodeRun> {
	return await runNode({
		parameters: { resource: 'task', operation: 'detect', ...parameters },
		credentials: credentials(),
		items,
		continueOnFail: options.continueOnFail,
		withoutCredential: !options.withCredential,
	});
}

async function autoDetect(
	items: INodeExecutionData[],
	parameters: INodeParameters = {},
	continueOnFail = false,
): Promise<NodeRun> {
	return await runNode({
		parameters: { resource: 'task', operation: 'create', taskType: 'autoDetect', ...parameters },
		credentials: credentials(),
		items,
		continueOnFail,
	});
}

function errorOf(run: NodeRun, index = 0): string {
	return String(run.error?.message ?? run.items[index]?.json.error ?? '');
}

/** The parameters a user would set by hand for the same values. */
function manualParameters(taskType: string, values: IDataObject): INodeParameters {
	const type = findTaskType(taskType)!;
	const parameters: INodeParameters = { resource: 'task', operation: 'create', taskType };
	const additionalFields: IDataObject = {};
	for (const spec of type.fields) {
		const value = values[spec.name];
		if (value === undefined) continue;
		const typed = typeof value === 'object' ? JSON.stringify(value) : value;
		if (spec.required || spec.primary) parameters[spec.name] = typed as string;
		else additionalFields[spec.name] = typed as string;
	}
	return { ...parameters, additionalFields: additionalFields as INodeParameters };
}

function createBody(run: NodeRun): IDataObject {
	const taskId = run.items[0]?.json.taskId;
	const request = fixture.sandbox.requests.find(
		(entry) =>
			entry.method === 'createTask' &&
			(entry.response as IDataObject | undefined)?.taskId === taskId,
	);
	if (!request) throw new Error(`no createTask for ${JSON.stringify(run.items[0]?.json)}`);
	return request.body as IDataObject;
}

describe('Detect Captcha', () => {
	it('lists every captcha of the page, the first at the top level, sends nothing and needs no credential', async () => {
		const before = fixture.sandbox.requests.length;
		const run = await detect([pageItem('multi-captcha.html'), pageItem('no-captcha.html')]);
		expect(run.error).toBeUndefined();
		expect(fixture.sandbox.requests.length).toBe(before);
		const [first, second] = run.items;
		expect(first.pairedItem).toEqual({ item: 0 });
		expect(second.pairedItem).toEqual({ item: 1 });
		expect(first.json).toMatchObject({
			found: true,
			count: 4,
			taskType: 'turnstile',
			name: 'Cloudflare Turnstile',
			websiteURL: PAGE_URL,
			websiteKey: '0x4AAAAAAAB1pH2Jd1kZ7Zqs',
			supported: true,
			missing: [],
		});
		const captchas = first.json.captchas as IDataObject[];
		expect(captchas.map((captcha) => captcha.taskType)).toEqual([
			'turnstile',
			'recaptchaV2',
			null,
			'geetestV4',
		]);
		expect(captchas[2]).toMatchObject({
			name: 'hCaptcha',
			supported: false,
			reason: expect.stringMatching(/does not solve hCaptcha/),
		});
		expect(captchas[3]).toMatchObject({ gt: 'e392e1d7fd421dc63325744d5a2b9c73' });
		expect(second.json).toMatchObject({ found: false, count: 0, captchas: [] });
		expect(second.json.hint).toMatch(/JavaScript/);
	});

	it('reads the page from a binary property, and works with a credential selected too', async () => {
		const html = page('recaptcha-v3.html');
		const run = await detect(
			[
				{
					json: {},
					binary: {
						page: {
							data: Buffer.from(html).toString('base64'),
							mimeType: 'text/html',
							fileName: 'login.html',
						},
					},
				},
			],
			{ pageSource: 'binary', pageBinaryProperty: 'page', pageUrl: PAGE_URL },
			{ withCredential: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			taskType: 'recaptchaV3',
			websiteKey: '6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf',
			pageAction: 'login',
		});
	});

	it('without a Page URL still detects, with websiteURL null', async () => {
		const run = await detect([{ json: { data: page('turnstile-implicit.html') } }]);
		expect(run.items[0].json).toMatchObject({ taskType: 'turnstile', websiteURL: null });
	});

	const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
	const BAD: Array<[string, INodeExecutionData, INodeParameters, RegExp]> = [
		['empty HTML', { json: { data: '' } }, {}, /^Page HTML is empty \(item 1\)$/],
		[
			'a number',
			{ json: { data: 404 } },
			{},
			/^Page HTML must be the page’s HTML text, got the number 404 \(item 1\)$/,
		],
		[
			'an object',
			{ json: { data: { html: '<p>' } } },
			{},
			/^Page HTML must be the page’s HTML text, not an object/,
		],
		[
			'a binary property that is not text',
			{ json: {}, binary: { data: { data: png.toString('base64'), mimeType: 'image/png' } } },
			{ pageSource: 'binary' },
			/^Input Binary Field "data" holds image\/png, not a text page \(item 1\)$/,
		],
		[
			'a missing binary property',
			{ json: {} },
			{ pageSource: 'binary' },
			/^Input Binary Field "data" is not on the input item \(item 1\)$/,
		],
		[
			'a Page URL that is not http(s)',
			{ json: { data: page('hcaptcha.html'), url: 'ftp://example.com/login' } },
			{},
			/^Page URL must be a full http:\/\/ or https:\/\/ URL, got "ftp:\/\/example.com\/login" \(item 1\)$/,
		],
	];

	it.each(BAD)(
		'refuses %s naming the field and the item; other items go on under Continue On Fail',
		async (_name, bad, parameters, message) => {
			const html = page('turnstile-implicit.html');
			const good: INodeExecutionData = parameters.pageSource
				? {
						json: {},
						binary: { data: { data: Buffer.from(html).toString('base64'), mimeType: 'text/html' } },
					}
				: { json: { data: html, url: PAGE_URL } };
			const cof = await detect([good, bad], parameters, { continueOnFail: true });
			expect(cof.items[0].json).toMatchObject({ taskType: 'turnstile' });
			expect(errorOf(cof, 1)).toMatch(message);
			expect(cof.items[1].json.errorCode).toBe('INVALID_INPUT');
			const stop = await detect([good, bad], parameters);
			expect(stop.status).toBe('error');
			expect(errorOf(stop)).toMatch(message);
		},
	);

	it('is linear on hostile input: 1 MB of repeated partial tags and script openers', async () => {
		const hostile =
			'<div class="g-recaptcha" data-sitekey='.repeat(15000) +
			'<script>grecaptcha.render("x", {sitekey: "'.repeat(10000);
		const started = Date.now();
		const run = await detect([{ json: { data: hostile, url: PAGE_URL } }]);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(run.items[0].json.found).toBe(false);
	});
});

/** One page per detectable type (and the extra values some types need to be sent). */
const EQUALITY: Array<[file: string, taskType: string, extra?: INodeParameters]> = [
	['recaptcha-v2-checkbox.html', 'recaptchaV2'],
	['recaptcha-v2-invisible-button.html', 'recaptchaV2'],
	['recaptcha-v2-enterprise.html', 'recaptchaV2Enterprise'],
	['recaptcha-v2-enterprise-recaptcha-net.html', 'recaptchaV2Enterprise'],
	['recaptcha-v3.html', 'recaptchaV3'],
	['recaptcha-v3-enterprise.html', 'recaptchaV3Enterprise'],
	['turnstile-implicit.html', 'turnstile'],
	['geetest-v3.html', 'geetestV3'],
	['geetest-v4.html', 'geetestV4'],
	['funcaptcha-custom-subdomain.html', 'funCaptcha'],
	['datadome-captcha.html', 'dataDome', PROXY_PARAMETERS],
	['aws-waf-challenge.html', 'amazonWafChallenge'],
	['aws-waf-jsapi.html', 'amazonWaf'],
	['aws-waf-invisible.html', 'amazonWafInvisible'],
	['mtcaptcha.html', 'mtCaptcha'],
	['prosopo.html', 'prosopo'],
	['friendly-v1.html', 'friendlyCaptcha'],
	['altcha-inline.html', 'altcha'],
	['yidun.html', 'yidun'],
	['tencent.html', 'tenDi'],
];

describe('Create Task → Auto-Detect From Page', () => {
	it.each(EQUALITY)(
		'%s: the same body and output as %s chosen by hand',
		async (file, taskType, extra = {}) => {
			const auto = await autoDetect([pageItem(file)], extra);
			expect(auto.error).toBeUndefined();
			const detected = auto.items[0].json.detected as { chosen: IDataObject; found: IDataObject[] };
			expect(detected.chosen.taskType).toBe(taskType);
			const { websiteURL, ...values } = detected.chosen;
			const manual = await runNode({
				parameters: { ...manualParameters(taskType, { ...values, websiteURL }), ...extra },
				credentials: credentials(),
			});
			expect(manual.error).toBeUndefined();
			const autoBody = createBody(auto);
			expect(autoBody).toEqual(createBody(manual));
			if (extra.proxyInput) expect(autoBody.task).toMatchObject(PROXY_FIELDS);
			const record = fixture.sandbox.tasks.get(Number(auto.items[0].json.taskId))!;
			expect(record.warnings).toEqual([]);
			const autoJson = { ...auto.items[0].json };
			delete autoJson.detected;
			const strip = (json: IDataObject) => Object.keys(json).sort();
			expect(strip(autoJson)).toEqual(strip(manual.items[0].json));
			expect(autoJson.status).toBe('ready');
			expect(autoJson.taskType).toBe(manual.items[0].json.taskType);
			expect(auto.items[0].pairedItem).toEqual({ item: 0 });
		},
	);

	it('applies the user agent and proxy only where the detected type takes them', async () => {
		const ua =
			'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36';
		const options = { ...PROXY_PARAMETERS, detectUserAgent: ua };
		const v3 = await autoDetect([pageItem('recaptcha-v3.html')], options);
		const v3Task = createBody(v3).task as IDataObject;
		expect(v3Task.userAgent).toBeUndefined();
		expect(v3Task.proxyAddress).toBeUndefined();
		const v2 = await autoDetect([pageItem('recaptcha-v2-checkbox.html')], options);
		expect(createBody(v2).task).toMatchObject({ ...PROXY_FIELDS, userAgent: ua });
	});

	it('takes the first solvable captcha, a preferred type, or fails when asked to', async () => {
		const item = pageItem('multi-captcha.html');
		const first = await autoDetect([item]);
		expect((createBody(first).task as IDataObject).type).toBe('TurnstileTask');
		const preferred = await autoDetect([item], {
			detectChoice: 'preferred',
			preferredTaskType: 'geetestV4',
		});
		expect(createBody(preferred).task).toMatchObject({
			type: 'GeeTestTask',
			gt: 'e392e1d7fd421dc63325744d5a2b9c73',
		});
		const found = (preferred.items[0].json.detected as IDataObject).found as IDataObject[];
		expect(found.map((captcha) => captcha.name)).toEqual([
			'Cloudflare Turnstile',
			'reCAPTCHA V2',
			'hCaptcha',
			'GeeTest V4',
		]);
		const before = fixture.sandbox.requests.length;
		const fail = await autoDetect([item], { detectChoice: 'fail' });
		expect(errorOf(fail)).toMatch(
			/^Page HTML contains 3 captchas: Cloudflare Turnstile with key 0x4AAAAAAAB1pH2J…, reCAPTCHA V2 with key 6LdQy7wUAAAAAN3v…, GeeTest V4 with key e392e1d7fd421dc6… \(item 0\)$/,
		);
		expect(fixture.sandbox.requests.length).toBe(before);
	});

	const REFUSED: Array<[string, INodeExecutionData, INodeParameters, RegExp]> = [
		[
			'no captcha',
			pageItem('no-captcha.html'),
			{},
			/^Page HTML contains no captcha the node recognises \(item 1\)$/,
		],
		[
			'only hCaptcha',
			pageItem('only-hcaptcha.html'),
			{},
			/^Page HTML contains only captchas CapMonster does not solve: hCaptcha with key 4c672d35-0701-42… \(item 1\)$/,
		],
		[
			'a GeeTest v3 without its challenge',
			pageItem('geetest-v3-no-challenge.html'),
			{},
			/^Page HTML has a GeeTest V3 captcha, but its Challenge is not in the page \(item 1\)$/,
		],
		[
			'DataDome without a proxy',
			pageItem('datadome-captcha.html'),
			{},
			/^Proxy is required: the page has a DataDome captcha, which CapMonster solves only through your own proxy \(item 1\)$/,
		],
		[
			'no Page URL',
			{ json: { data: page('recaptcha-v3.html') } },
			{},
			/^Page URL is required: it is the Website URL of the task \(item 1\)$/,
		],
	];

	it.each(REFUSED)(
		'refuses %s, sending nothing; other items go on under Continue On Fail',
		async (_name, bad, parameters, message) => {
			const before = fixture.sandbox.requests.filter(
				(entry) => entry.method === 'createTask',
			).length;
			const run = await autoDetect([pageItem('turnstile-implicit.html'), bad], parameters, true);
			expect(run.items[0].json.status).toBe('ready');
			expect(errorOf(run, 1)).toMatch(message);
			expect(run.items[1].json.errorCode).toBe('INVALID_INPUT');
			expect(fixture.sandbox.requests.filter((entry) => entry.method === 'createTask').length).toBe(
				before + 1,
			);
		},
	);
});
