/** The sandbox's demo pages show what Detect Captcha finds, as the e2e scenario and the example expect. */
import { detectCaptchas } from '../../nodes/CapMonster/detect';
import { DEMO_KEYS, DEMO_PAGE_NAMES, demoPageHtml } from '../sandbox/demoPages';
import { startSandbox } from '../sandbox';

const summary = (name: string) =>
	detectCaptchas(demoPageHtml(name)!, `http://127.0.0.1/demo/pages/${name}`).map((d) => [
		d.taskType,
		d.websiteKey,
		d.values.pageAction,
	]);

describe('sandbox demo pages', () => {
	it('login has hCaptcha, reCAPTCHA v2 and Turnstile, in that order', () => {
		expect(summary('login')).toEqual([
			[null, DEMO_KEYS.hcaptcha, undefined],
			['recaptchaV2', DEMO_KEYS.recaptchaV2, undefined],
			['turnstile', DEMO_KEYS.turnstile, 'newsletter'],
		]);
	});

	it('signup has reCAPTCHA v3 with its action and GeeTest v4', () => {
		expect(summary('signup')).toEqual([
			['recaptchaV3', DEMO_KEYS.recaptchaV3, 'signup'],
			['geetestV4', DEMO_KEYS.geetestV4, undefined],
		]);
	});

	it('are served as HTML under /demo/pages/', async () => {
		const sandbox = await startSandbox();
		try {
			for (const name of DEMO_PAGE_NAMES) {
				const res = await fetch(`${sandbox.url}/demo/pages/${name}`);
				expect(res.status).toBe(200);
				expect(res.headers.get('content-type')).toMatch(/text\/html/);
				expect(await res.text()).toBe(demoPageHtml(name));
			}
			expect((await fetch(`${sandbox.url}/demo/pages/nope`)).status).toBe(404);
		} finally {
			await sandbox.close();
		}
	});
});
