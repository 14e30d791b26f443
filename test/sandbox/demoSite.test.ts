/** Tests of the sandbox: The demo site (demoSite.ts). */
import { createHash } from 'node:crypto';

import { answerForImage } from './index';
import { png, sandbox, api, solve, v2, useSandbox } from './testing';

useSandbox();

describe('demo site', () => {
	it('serves a PNG captcha whose ImageToTextTask answer is the x-sandbox-answer header', async () => {
		const response = await api.get('/demo/captcha.png', { responseType: 'arraybuffer' });
		const bytes = Buffer.from(response.data as ArrayBuffer);
		expect(response.headers['content-type']).toBe('image/png');
		expect(bytes.subarray(0, 8)).toEqual(
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		);
		expect(bytes.length).toBeGreaterThan(1024);
		expect(bytes.length).toBeLessThan(10 * 1024);
		const answer = response.headers['x-sandbox-answer'] as string;
		expect(answer).toMatch(/^[A-Z0-9]{6}$/);
		expect(answerForImage(bytes)).toBe(answer);
		expect(await solve({ type: 'ImageToTextTask', body: bytes.toString('base64') })).toEqual({
			text: answer,
		});
		const fixed = await api.get('/demo/captcha.png?text=abc123', { responseType: 'arraybuffer' });
		expect(fixed.headers['x-sandbox-answer']).toBe('ABC123');
	});

	it('derives a stable answer for any other image', () => {
		const other = Buffer.concat([png, Buffer.from('tampered')]);
		expect(answerForImage(other)).toBe(
			createHash('sha256').update(other).digest('hex').slice(0, 6).toUpperCase(),
		);
		expect(answerForImage(other)).toBe(answerForImage(Buffer.from(other)));
	});

	it('accepts a token issued by the sandbox once, as JSON or form data', async () => {
		const { gRecaptchaResponse } = (await solve(v2())) as { gRecaptchaResponse: string };
		expect(
			(await api.post('/demo/form', { 'g-recaptcha-response': gRecaptchaResponse })).data,
		).toEqual({ accepted: true });
		expect(
			(await api.post('/demo/form', { 'g-recaptcha-response': gRecaptchaResponse })).data,
		).toEqual({ accepted: false, reason: 'token already used' });
		expect((await api.post('/demo/form', { token: 'made-up' })).data).toEqual({
			accepted: false,
			reason: 'unknown token',
		});
		const { token } = (await solve({
			type: 'TurnstileTask',
			websiteURL: 'https://a.com',
			websiteKey: 'k',
		})) as { token: string };
		const form = await api.post(
			'/demo/form',
			new URLSearchParams({ 'cf-turnstile-response': token }).toString(),
			{
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
			},
		);
		expect(form.data).toEqual({ accepted: true });
		expect(sandbox.formSubmissions.map((submission) => submission.accepted)).toEqual([
			true,
			false,
			false,
			true,
		]);
		expect((await api.get('/demo/')).data).toMatch(/data-sitekey="/);
	});
});
