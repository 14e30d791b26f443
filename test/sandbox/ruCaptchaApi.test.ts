/** Tests of the sandbox: The RuCaptcha-compatible in.php / res.php (ruCaptchaApi.ts, rucaptcha.ts). */

import { DEFAULT_USER_AGENT } from './index';
import type { Json } from './testing';
import { KEY, sleep, pngBase64, sandbox, api, useSandbox } from './testing';

useSandbox();

describe('RuCaptcha-compatible protocol', () => {
	it('in.php / res.php in text mode', async () => {
		sandbox.configure({ solveMs: 300 });
		const created = await api.get('/in.php', {
			params: {
				key: KEY,
				method: 'userrecaptcha',
				googlekey: '6Le',
				pageurl: 'https://a.com',
				nocache: 1,
			},
		});
		expect(created.data).toMatch(/^OK\|\d+$/);
		const id = Number((created.data as string).split('|')[1]);
		const task = sandbox.tasks.get(id)!;
		expect(task).toMatchObject({
			protocol: 'rucaptcha',
			declaredType: 'RecaptchaV2Task',
			warnings: [],
		});
		expect(task.nocache.viaRuCaptchaParam).toBe(true);
		expect((await api.get('/res.php', { params: { key: KEY, action: 'get', id } })).data).toBe(
			'CAPCHA_NOT_READY',
		);
		await sleep(320);
		const answer = (await api.get('/res.php', { params: { key: KEY, action: 'get', id } }))
			.data as string;
		expect(answer).toBe(`OK|${(task.solution as Json).gRecaptchaResponse}`);
		expect((await api.get('/res.php', { params: { key: KEY, action: 'getbalance' } })).data).toBe(
			9.9994,
		);
		expect(
			(await api.get('/res.php', { params: { key: KEY, action: 'reportbad', id } })).data,
		).toBe('OK_REPORT_RECORDED');
		expect(sandbox.tasks.get(id)!.reports).toHaveLength(1);
		expect((await api.get('/res.php', { params: { key: KEY, action: 'get', id: 5 } })).data).toBe(
			'ERROR_WRONG_CAPTCHA_ID',
		);
		expect((await api.get('/in.php', { params: { method: 'userrecaptcha' } })).data).toBe(
			'ERROR_WRONG_USER_KEY',
		);
		expect(
			(await api.get('/in.php', { params: { key: 'nope', method: 'userrecaptcha' } })).data,
		).toBe('ERROR_KEY_DOES_NOT_EXIST');
	});

	it('in.php / res.php with json=1, form bodies, v3, images and Turnstile', async () => {
		const post = async (path: string, params: Record<string, string>): Promise<Json> =>
			(
				await api.post(path, new URLSearchParams(params).toString(), {
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
				})
			).data as Json;
		const v3 = await post('/in.php', {
			key: KEY,
			method: 'userrecaptcha',
			version: 'v3',
			action: 'login',
			min_score: '0.7',
			googlekey: 'k',
			pageurl: 'https://a.com',
			json: '1',
		});
		expect(v3).toEqual({ status: 1, request: expect.stringMatching(/^\d+$/) });
		expect(sandbox.tasks.get(Number(v3.request))!.task).toEqual({
			type: 'RecaptchaV3TaskProxyless',
			websiteURL: 'https://a.com',
			websiteKey: 'k',
			pageAction: 'login',
			minScore: 0.7,
		});
		const image = await post('/in.php', { key: KEY, method: 'base64', body: pngBase64, json: '1' });
		const turnstile = await post('/in.php', {
			key: KEY,
			method: 'turnstile',
			sitekey: '0x4',
			pageurl: 'https://a.com',
			json: '1',
		});
		await sleep(100);
		expect(
			await post('/res.php', { key: KEY, action: 'get', id: String(image.request), json: '1' }),
		).toEqual({ status: 1, request: 'SANDBOX' });
		expect(
			await post('/res.php', { key: KEY, action: 'get', id: String(turnstile.request), json: '1' }),
		).toEqual({
			status: 1,
			request: expect.any(String),
			useragent: DEFAULT_USER_AGENT,
		});
		sandbox.setBalance(KEY, 0);
		expect(
			await post('/in.php', { key: KEY, method: 'base64', body: pngBase64, json: '1' }),
		).toEqual({ status: 0, request: 'ERROR_ZERO_BALANCE' });
		expect(
			await post('/in.php', {
				key: KEY,
				method: 'userrecaptcha',
				pageurl: 'https://a.com',
				json: '1',
			}),
		).toEqual({ status: 0, request: 'ERROR_GOOGLEKEY' });
	});

	it('applies polling limits and faults to res.php', async () => {
		sandbox.configure({ minPollGapMs: 1000, solveMs: 60000 });
		const id = (
			(
				await api.get('/in.php', {
					params: {
						key: KEY,
						method: 'userrecaptcha',
						googlekey: 'k',
						pageurl: 'https://a.com',
						json: 1,
					},
				})
			).data as Json
		).request;
		expect((await api.get('/res.php', { params: { key: KEY, action: 'get', id } })).data).toBe(
			'CAPCHA_NOT_READY',
		);
		expect(
			(await api.get('/res.php', { params: { key: KEY, action: 'get', id, json: 1 } })).data,
		).toEqual({ status: 0, request: 'ERROR_TOO_MUCH_REQUESTS' });
		sandbox.addFault({
			method: 'res.php',
			kind: 'errorCode',
			errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
			count: 1,
		});
		expect((await api.get('/res.php', { params: { key: KEY, action: 'getbalance' } })).data).toBe(
			'ERROR_CAPTCHA_UNSOLVABLE',
		);
		expect(sandbox.stats().pollViolations).toBe(1);
	});
});
