/**
 * examples/detect-and-solve.json through `n8n execute`: HTTP Request GETs the sandbox's demo login
 * page (hCaptcha, reCAPTCHA v2, Turnstile) → CapMonster Detect Captcha (no credential on the node)
 * lists them, and CapMonster Create Task (Auto-Detect From Page) solves the first one CapMonster
 * can solve → HTTP Request POSTs the token to the demo form, which must accept it. Last, the
 * editor runs the Detect Captcha step in Chromium and its output is screenshot (to the log folder,
 * and from the primary n8n version outside CI to docs/detect-captcha-output.png).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { launchChromium } from '../../../scripts/lib/browser';
import { N8N_V2, nodeItems, type ExecuteResult } from '../../../scripts/lib/n8n';
import { REPO_ROOT } from '../../../scripts/lib/pkg';
import { onCleanup } from '../../../scripts/lib/proc';
import { BROWSER_ID, N8nRest } from '../../../scripts/lib/rest';
import type { SandboxRequestLog } from '../../../scripts/lib/sandbox';
import { SANDBOX_CREDENTIAL, credential, loadExample } from '../../../scripts/lib/workflows';
import { DEMO_KEYS } from '../../sandbox/demoPages';
import { assert, assertEqual, type Scenario } from '../harness';
import { formSubmissions } from '../sandboxStats';

const WORKFLOW_ID = 'cmDetectSolve001';

export const detectAndSolve: Scenario = {
	name: 'detect-and-solve',
	title: 'Find the captchas in a page (no credential) and solve the right one (n8n execute)',
	async run(ctx) {
		const { sandbox } = ctx;
		const workflow = loadExample('detect-and-solve.json', sandbox.url);
		const n8n = await ctx.newInstance({
			credentials: [credential(SANDBOX_CREDENTIAL, sandbox.url, sandbox.key)],
			workflows: [workflow],
		});
		const before = await formSubmissions(sandbox);
		let res: ExecuteResult = { code: -1, ms: 0, logs: '' };

		await ctx.check('the workflow run succeeds', async () => {
			res = await n8n.execute(WORKFLOW_ID);
			assert(res.run, `no run JSON in n8n's output (exit ${res.code}); see ${n8n.logDir}`);
			assertEqual(
				res.code,
				0,
				`n8n execute exit code (error: ${res.run.data.resultData.error?.message})`,
			);
		});

		await ctx.check(
			'Detect Captcha lists the three captchas in page order, without a credential',
			async () => {
				const node = workflow.nodes.find((n) => n.name === 'Find the captchas');
				assert(!node?.credentials, 'the Detect Captcha node must have no credential');
				const items = nodeItems(res.run, 'Find the captchas');
				assert(items?.length === 1, `expected 1 item, got ${JSON.stringify(items)}`);
				const captchas = items[0].captchas as Array<Record<string, unknown>>;
				assertEqual(
					JSON.stringify(captchas.map((c) => [c.name, c.websiteKey, c.supported])),
					JSON.stringify([
						['hCaptcha', DEMO_KEYS.hcaptcha, false],
						['reCAPTCHA V2', DEMO_KEYS.recaptchaV2, true],
						['Cloudflare Turnstile', DEMO_KEYS.turnstile, true],
					]),
					'captchas',
				);
				assertEqual(items[0].name, 'hCaptcha', 'the first captcha at the top level');
			},
		);

		await ctx.check(
			'Auto-Detect solves the first solvable captcha with the detected key',
			async () => {
				const items = nodeItems(res.run, 'Solve the captcha');
				assert(items?.length === 1, `expected 1 item, got ${JSON.stringify(items)}`);
				const item = items[0];
				assertEqual(item.status, 'ready', 'status');
				const chosen = (item.detected as { chosen: Record<string, unknown> }).chosen;
				assertEqual(chosen.taskType, 'recaptchaV2', 'detected.chosen.taskType');
				const requests = await sandbox.requests<SandboxRequestLog[]>();
				const create = requests.find(
					(r) =>
						r.method === 'createTask' &&
						(r.response as { taskId?: number } | undefined)?.taskId === item.taskId,
				);
				const task = (create?.body as { task?: Record<string, unknown> } | undefined)?.task;
				assertEqual(
					JSON.stringify(task),
					JSON.stringify({
						type: 'RecaptchaV2Task',
						websiteURL: `${sandbox.url.replace(/\/+$/, '')}/demo/pages/login`,
						websiteKey: DEMO_KEYS.recaptchaV2,
					}),
					'the createTask body',
				);
			},
		);

		await ctx.check('the form accepted the token', async () => {
			const form = nodeItems(res.run, 'Submit form');
			assertEqual(form?.[0]?.accepted, true, `form answer ${JSON.stringify(form)}: accepted`);
			const after = await formSubmissions(sandbox);
			assertEqual(after.accepted - before.accepted, 1, 'accepted form submissions');
		});

		await ctx.check(
			'the editor runs Detect Captcha and shows its output (screenshot)',
			async () => {
				await n8n.start();
				const rest = new N8nRest(n8n.baseUrl, ctx.install);
				await rest.setupOwner();
				const browser = await launchChromium();
				onCleanup(() => browser.close());
				try {
					const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
					await context.addInitScript(
						`localStorage.setItem('n8n-browserId', ${JSON.stringify(BROWSER_ID)});`,
					);
					const [cookieName, cookieValue] = rest.authCookie.split('=');
					await context.addCookies([{ name: cookieName, value: cookieValue, url: n8n.baseUrl }]);
					const page = await context.newPage();
					page.setDefaultTimeout(30_000);
					await page.goto(`${n8n.baseUrl}/workflow/${WORKFLOW_ID}`);
					const node = page.locator(
						'[data-test-id="canvas-node"][data-node-name="Find the captchas"]',
					);
					await node.waitFor({ state: 'visible' });
					await node.locator('[data-test-id="canvas-default-node"]').dblclick();
					await page.locator('[data-test-id="node-execute-button"]').first().click();
					const output = page.locator('[data-test-id="output-panel"]');
					await output
						.getByText('0x4AAAAAAASandboxDemoWidget')
						.first()
						.waitFor({ state: 'visible' });
					const json = output.getByText('JSON', { exact: true }).first();
					if (await json.isVisible()) await json.click();
					await output
						.getByText('"captchas"')
						.first()
						.waitFor({ state: 'visible' })
						.catch(() => undefined);
					await page.mouse.move(1300, 980);
					await page.waitForTimeout(500);
					const shots = path.join(ctx.logDir, 'screenshots');
					fs.mkdirSync(shots, { recursive: true });
					const file = path.join(shots, 'detect-captcha-output.png');
					await page.screenshot({ path: file });
					if (ctx.version === N8N_V2 && !process.env.CI)
						fs.copyFileSync(file, path.join(REPO_ROOT, 'docs', 'detect-captcha-output.png'));
				} finally {
					await browser.close().catch(() => undefined);
				}
			},
		);
	},
};
