/**
 * Scenario 6 — the node in n8n's editor, in a real (headless) Chromium driven by playwright-core:
 * find CapMonster in the node panel, open it from an imported workflow, switch resources,
 * operations and task types, and check which fields appear and disappear. Screenshots of the
 * node panel go to the log folder and, from the primary n8n version outside CI, to
 * docs/node-panel-*.png.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/lib/browser';
import { N8N_V2 } from '../../../scripts/lib/n8n';
import { onCleanup } from '../../../scripts/lib/proc';
import { BROWSER_ID } from '../../../scripts/lib/rest';
import { REPO_ROOT } from '../../../scripts/lib/pkg';
import { PLACEHOLDER_URL, WORKFLOW_IDS, loadExample } from '../../../scripts/lib/workflows';
import { assert, type Scenario } from '../harness';

const NODE = 'Solve reCAPTCHA';

/** Names of the node parameters currently shown in the NDV (from their data-test-id). */
async function shownParameters(page: Page): Promise<string[]> {
	const names: string[] = [];
	const inputs = page.locator(
		'[data-test-id="node-parameters"] [data-test-id^="parameter-input-"], .ndv-wrapper [data-test-id^="parameter-input-"]',
	);
	for (const el of await inputs.all()) {
		const id = (await el.getAttribute('data-test-id')) ?? '';
		const name = id.replace(/^parameter-input-/, '');
		if (['item', 'field', 'hint', 'hint-html'].includes(name) || names.includes(name)) continue;
		if (await el.isVisible()) names.push(name);
	}
	return names;
}

async function openDropdown(page: Page, param: string) {
	// Never leave a dropdown open from a previous step: a click would then just close it.
	// (Escape only while a dropdown is open; otherwise it would close the whole node panel.)
	if (await page.locator('.el-select-dropdown__item:visible').count()) {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
	}
	await page.locator(`[data-test-id="parameter-input-${param}"]`).first().click();
	await page
		.locator('.el-select-dropdown__item:visible')
		.first()
		.waitFor({ state: 'visible', timeout: 5000 });
	return page.locator('.el-select-dropdown__item:visible');
}

async function optionLabel(item: ReturnType<Page['locator']>): Promise<string> {
	const headline = item.locator('.option-headline');
	return (
		(await headline.count()) ? await headline.first().innerText() : await item.innerText()
	).trim();
}

/** Option labels of an `options` parameter (its dropdown is opened and closed again). */
async function dropdownOptions(page: Page, param: string): Promise<string[]> {
	const items = await openDropdown(page, param);
	const labels: string[] = [];
	for (const item of await items.all()) labels.push(await optionLabel(item));
	await page.keyboard.press('Escape');
	await page.waitForTimeout(200);
	return labels;
}

async function selectOption(page: Page, param: string, label: RegExp) {
	const items = await openDropdown(page, param);
	const all = await items.all();
	const labels: string[] = [];
	for (const item of all) labels.push(await optionLabel(item));
	const index = labels.findIndex((l) => label.test(l));
	if (index < 0) {
		await page.keyboard.press('Escape'); // the dropdown is open here
		throw new Error(`"${param}" has no option matching ${label}; it offers: ${labels.join(', ')}`);
	}
	await all[index].scrollIntoViewIfNeeded();
	await all[index].click();
	await page.waitForTimeout(400); // let the panel re-render the dependent fields
}

function expectShown(shown: string[], want: string[], notWant: string[], where: string) {
	const missing = want.filter((w) => !shown.includes(w));
	const extra = notWant.filter((w) => shown.includes(w));
	assert(
		!missing.length && !extra.length,
		`${where}: ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && extra.length ? '; ' : ''}${
			extra.length ? `should not show ${extra.join(', ')}` : ''
		} (shown: ${shown.join(', ')})`,
	);
}

/** The panel shows `order` top to bottom (a detail field above its selector confuses users). */
function expectOrder(shown: string[], order: string[], where: string) {
	const positions = order.map((name) => shown.indexOf(name));
	const sorted = positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]));
	assert(
		sorted,
		`${where}: expected the order ${order.join(' → ')}; the panel shows ${shown.join(', ')}`,
	);
}

export const editor: Scenario = {
	name: 'editor',
	title:
		'Node panel in the editor (Chromium + playwright-core): fields per operation and task type',
	needs: ['chromium'],
	async run(ctx) {
		// The placeholder URL stays: nothing is executed here, and the screenshots show stable values.
		const { n8n, rest } = await ctx.startedN8n([
			loadExample('solve-and-submit.json', PLACEHOLDER_URL),
		]);

		const browser = await launchChromium();
		onCleanup(() => browser.close());
		try {
			const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
			// Log in as the owner: the session cookie plus the browser id it is bound to.
			await context.addInitScript(
				`localStorage.setItem('n8n-browserId', ${JSON.stringify(BROWSER_ID)});`,
			);
			const [cookieName, cookieValue] = rest.authCookie.split('=');
			await context.addCookies([{ name: cookieName, value: cookieValue, url: n8n.baseUrl }]);
			let page = await context.newPage();
			page.setDefaultTimeout(20_000);

			// Every screenshot goes to the run's log folder; those of the primary n8n version are also
			// copied to docs/ (the README's pictures), except in CI (CI=true), where that would only
			// dirty the checkout.
			const shotsDir = path.join(ctx.logDir, 'screenshots');
			const docsDir =
				ctx.version === N8N_V2 && !process.env.CI ? path.join(REPO_ROOT, 'docs') : undefined;
			fs.mkdirSync(shotsDir, { recursive: true });
			const shot = async (name: string) => {
				// Park the mouse where it highlights nothing and drop the focus, so screenshots show
				// the panel at rest.
				await page.mouse.move(1300, 980);
				await page.evaluate('document.activeElement && document.activeElement.blur()');
				await page.waitForTimeout(300);
				const file = path.join(shotsDir, `node-panel-${name}.png`);
				await page.screenshot({ path: file });
				if (docsDir) {
					fs.mkdirSync(docsDir, { recursive: true });
					fs.copyFileSync(file, path.join(docsDir, path.basename(file)));
				}
			};

			await ctx.check('the node panel finds CapMonster and lists its actions', async () => {
				await page.goto(`${n8n.baseUrl}/workflow/new`);
				await page.locator('[data-test-id="node-creator-plus-button"]').click();
				await page
					.locator('[data-test-id="node-creator-search-bar"]')
					.first()
					.waitFor({ state: 'visible' });
				await page.keyboard.type('CapMonster');
				const item = page
					.locator(
						'[data-test-id="node-creator-item-name"], [data-test-id="node-creator-node-item"]',
					)
					.filter({ hasText: /^\s*CapMonster/ })
					.first();
				await item.waitFor({ state: 'visible' });
				await shot('search');
				await item.click();
				// A node with resources/operations opens its details with one entry per operation
				// (labelled with the operations' `action` texts).
				const actions = page.locator('[data-test-id="node-creator-item-name"]');
				await actions
					.filter({ hasText: /balance/i })
					.first()
					.waitFor({ state: 'visible' });
				const texts = (await actions.allInnerTexts()).map((t) => t.trim().replace(/\s+/g, ' '));
				for (const want of [
					/solve|create/i,
					/task result/i,
					/balance/i,
					/user agent/i,
					/incorrect token/i,
					/incorrect image/i,
				]) {
					assert(
						texts.some((t) => want.test(t)),
						`an action matching ${want} in the node panel (got ${texts.join(' | ')})`,
					);
				}
				await shot('actions');
			});

			await ctx.check(
				'picking the solve action puts the node on the canvas and opens it',
				async () => {
					await page
						.locator('[data-test-id="node-creator-item-name"]')
						.filter({ hasText: /solve|create task/i })
						.first()
						.click();
					await page
						.locator('[data-test-id="parameter-input-taskType"]')
						.waitFor({ state: 'visible' });
					const onCanvas = page.locator(
						'[data-test-id="canvas-node"][data-node-type="n8n-nodes-capmonster.capMonster"]',
					);
					assert((await onCanvas.count()) === 1, 'one CapMonster node on the canvas');
				},
			);

			await ctx.check(
				'reCAPTCHA v2 shows website URL/key and the optional proxy choice',
				async () => {
					const shown = await shownParameters(page);
					expectShown(
						shown,
						['resource', 'operation', 'taskType', 'websiteURL', 'websiteKey', 'proxyInput'],
						['imageSource', 'proxyAddress', 'taskId'],
						'reCAPTCHA v2 (new node)',
					);
					const proxyChoices = await dropdownOptions(page, 'proxyInput');
					assert(
						proxyChoices.some((c) => /none/i.test(c)),
						`proxy is optional: a "None" choice (got ${proxyChoices.join(', ')})`,
					);
					await shot('recaptcha-v2');
				},
			);

			await ctx.check('choosing proxy fields / a proxy URL shows the matching inputs', async () => {
				await selectOption(page, 'proxyInput', /^Proxy Fields$/);
				const withFields = await shownParameters(page);
				expectShown(
					withFields,
					['proxyType', 'proxyAddress', 'proxyPort', 'proxyLogin', 'proxyPassword'],
					['proxyUrl'],
					'Proxy: fields',
				);
				expectOrder(
					withFields,
					['websiteURL', 'proxyInput', 'proxyType', 'proxyAddress'],
					'reCAPTCHA v2 with proxy fields',
				);
				await shot('recaptcha-v2-proxy');
				await selectOption(page, 'proxyInput', /^Proxy URL$/);
				expectShown(
					await shownParameters(page),
					['proxyUrl'],
					['proxyAddress', 'proxyPort'],
					'Proxy: URL',
				);
				await selectOption(page, 'proxyInput', /^None/);
				expectShown(await shownParameters(page), [], ['proxyUrl', 'proxyAddress'], 'Proxy: none');
			});

			await ctx.check('reCAPTCHA v3 has no proxy fields', async () => {
				await selectOption(page, 'taskType', /^reCAPTCHA V3$/i);
				expectShown(
					await shownParameters(page),
					['websiteURL', 'websiteKey'],
					['proxyInput', 'proxyAddress', 'proxyUrl', 'imageSource'],
					'reCAPTCHA v3',
				);
				await shot('recaptcha-v3');
			});

			await ctx.check(
				'DataDome requires a proxy (no "None" choice, proxy fields shown)',
				async () => {
					await selectOption(page, 'taskType', /datadome/i);
					const shown = await shownParameters(page);
					expectShown(
						shown,
						['proxyInput', 'proxyAddress', 'proxyPort'],
						['imageSource'],
						'DataDome',
					);
					const proxyChoices = await dropdownOptions(page, 'proxyInput');
					assert(
						!proxyChoices.some((c) => /none/i.test(c)),
						`DataDome must not offer "None" (got ${proxyChoices.join(', ')})`,
					);
					await shot('datadome');
				},
			);

			await ctx.check(
				'DataDome lists the page fields, then the Proxy choice, then its details',
				async () => {
					expectOrder(
						await shownParameters(page),
						['websiteURL', 'proxyInput', 'proxyType', 'proxyAddress'],
						'DataDome',
					);
				},
			);

			await ctx.check('Image to Text offers binary / base64 image sources', async () => {
				await selectOption(page, 'taskType', /^Image to Text$/);
				expectShown(
					await shownParameters(page),
					['imageSource', 'binaryPropertyName'],
					['websiteURL', 'proxyInput', 'imageBase64'],
					'Image to Text (binary)',
				);
				const sources = await dropdownOptions(page, 'imageSource');
				assert(
					sources.some((s) => /binary/i.test(s)) && sources.some((s) => /base64/i.test(s)),
					`image sources (got ${sources.join(', ')})`,
				);
				await shot('image-to-text');
				await selectOption(page, 'imageSource', /base64/i);
				expectShown(
					await shownParameters(page),
					['imageBase64'],
					['binaryPropertyName'],
					'Image to Text (base64)',
				);
				await selectOption(page, 'imageSource', /binary/i);
			});

			await ctx.check('Image to Text lists Image Source above the field it controls', async () => {
				expectOrder(
					await shownParameters(page),
					['taskType', 'imageSource', 'binaryPropertyName'],
					'Image to Text',
				);
			});

			await ctx.check(
				'Get Task Result and the Report / Account resources show their own fields',
				async () => {
					await selectOption(page, 'operation', /^Get Task Result$/);
					expectShown(
						await shownParameters(page),
						['taskId'],
						['taskType', 'websiteURL'],
						'Get Task Result',
					);
					await selectOption(page, 'resource', /^Report$/);
					const ops = await dropdownOptions(page, 'operation');
					assert(
						ops.some((o) => /incorrect token/i.test(o)) &&
							ops.some((o) => /incorrect image/i.test(o)),
						`report operations (got ${ops.join(', ')})`,
					);
					expectShown(await shownParameters(page), ['taskId'], ['taskType'], 'Report');
					await shot('report');
					await selectOption(page, 'resource', /^Account$/);
					const accountOps = await dropdownOptions(page, 'operation');
					assert(
						accountOps.some((o) => /balance/i.test(o)) &&
							accountOps.some((o) => /user agent/i.test(o)),
						`account operations (got ${accountOps.join(', ')})`,
					);
					expectShown(
						await shownParameters(page),
						['operation'],
						['taskId', 'taskType'],
						'Account',
					);
				},
			);

			// An imported workflow (examples/solve-and-submit.json) opens with its saved values.
			// A fresh tab: leaving the unsaved new workflow would ask "save changes?".
			await page.close();
			page = await context.newPage();
			page.setDefaultTimeout(20_000);
			await ctx.check('the imported example opens with its saved parameters', async () => {
				await page.goto(`${n8n.baseUrl}/workflow/${WORKFLOW_IDS.solveAndSubmit}`);
				const nodeOnCanvas = page.locator(`[data-test-id="canvas-node"][data-node-name="${NODE}"]`);
				await nodeOnCanvas.waitFor({ state: 'visible' });
				await shot('workflow');
				await nodeOnCanvas.locator('[data-test-id="canvas-default-node"]').dblclick();
				await page
					.locator('[data-test-id="parameter-input-taskType"]')
					.waitFor({ state: 'visible' });
				const url = await page
					.locator(
						'[data-test-id="parameter-input-websiteURL"] input, [data-test-id="parameter-input-websiteURL"] textarea',
					)
					.first()
					.inputValue();
				assert(
					url === `${PLACEHOLDER_URL}/demo/form`,
					`Website URL shows the saved value (got ${JSON.stringify(url)})`,
				);
				const type = await page
					.locator('[data-test-id="parameter-input-taskType"] input')
					.first()
					.inputValue();
				assert(
					/reCAPTCHA V2/i.test(type),
					`Task Type shows reCAPTCHA V2 (got ${JSON.stringify(type)})`,
				);
			});
		} finally {
			await browser.close().catch(() => undefined);
		}
	},
};
