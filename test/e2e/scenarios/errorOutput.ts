/**
 * Scenario — examples/error-output.json through `n8n execute`: four pages split into items go
 * through Create Task with On Error "Continue (using error output)"; the two that fail (a URL
 * without http(s)://, a captcha the sandbox cannot solve) must reach "Handle the error" through
 * the error output with their code, hint and description, the two solved ones "Use the token".
 */
import { type ExecuteResult } from '../../../scripts/lib/n8n';
import type { SandboxRequestLog } from '../../../scripts/lib/sandbox';
import { SANDBOX_CREDENTIAL, credential, loadExample } from '../../../scripts/lib/workflows';
import { assert, assertEqual, assertIncludes, type Scenario } from '../harness';

const EXAMPLE = 'error-output.json';
const SOLVE = 'Solve reCAPTCHA';

interface OutputItem {
	json: Record<string, unknown>;
	pairedItem?: { item?: number } | Array<{ item?: number }>;
}

/** The items of one output of a node's first run, with their pairedItem. */
function outputItems(res: ExecuteResult, node: string, output: number): OutputItem[] | undefined {
	const runs = res.run?.data.resultData.runData[node];
	if (!runs?.length) return undefined;
	return (runs[0].data?.main?.[output] ?? []) as OutputItem[];
}

function pairedIndex(item: OutputItem): number | undefined {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	return paired?.item;
}

function show(items: OutputItem[] | undefined): string {
	return JSON.stringify(items?.map((item) => ({ json: item.json, pairedItem: item.pairedItem })));
}

export const errorOutput: Scenario = {
	name: 'error-output',
	title:
		'On Error "Continue (using error output)": failed items reach the node wired to the error output, solved ones the other',
	async run(ctx) {
		const { sandbox } = ctx;
		const workflow = loadExample(EXAMPLE, sandbox.url);
		const n8n = await ctx.newInstance({
			credentials: [credential(SANDBOX_CREDENTIAL, sandbox.url, sandbox.key)],
			workflows: [workflow],
		});
		let res: ExecuteResult = { code: -1, ms: 0, logs: '' };

		await ctx.check('the workflow run succeeds although two items fail', async () => {
			res = await n8n.execute(workflow.id);
			assert(res.run, `no run JSON in n8n's output (exit ${res.code}); see ${n8n.logDir}`);
			assertEqual(
				res.code,
				0,
				`n8n execute exit code (error: ${res.run.data.resultData.error?.message})`,
			);
			assertEqual(res.run.status ?? 'success', 'success', 'execution status');
			assert(!res.run.data.resultData.error, 'resultData.error is not set');
		});

		await ctx.check(
			`${SOLVE}: solved items on the success output, failed ones on the error output, each once, in order`,
			async () => {
				const success = outputItems(res, SOLVE, 0);
				const failed = outputItems(res, SOLVE, 1);
				assert(success && failed, `${SOLVE} has two outputs: ${show(success)} / ${show(failed)}`);
				assertEqual(
					JSON.stringify(success.map(pairedIndex)),
					'[0,2]',
					`success output pairedItem (${show(success)})`,
				);
				assertEqual(
					JSON.stringify(failed.map(pairedIndex)),
					'[1,3]',
					`error output pairedItem (${show(failed)})`,
				);
				for (const item of success) {
					assertEqual(item.json.status, 'ready', 'success output: status');
					assert(!('error' in item.json), `success item without error: ${show([item])}`);
				}
				// n8n puts the input item's fields beside the node's `error`.
				assertEqual(
					JSON.stringify(failed.map((item) => item.json.page)),
					'["Newsletter","Checkout"]',
					'error output: the input fields are kept',
				);
				for (const item of failed) {
					const error = item.json.error as Record<string, unknown> | undefined;
					assert(
						typeof error === 'object' && error !== null,
						`error is an object: ${show([item])}`,
					);
					for (const field of ['message', 'errorCode', 'hint'])
						assert(
							typeof error[field] === 'string' && (error[field] as string).length > 0,
							`error.${field} on ${show([item])}`,
						);
					assert(typeof error.description === 'string', `error.description on ${show([item])}`);
				}
			},
		);

		await ctx.check(
			'"Handle the error" gets the two failures with their code, hint, description and task',
			async () => {
				const handled = outputItems(res, 'Handle the error', 0)?.map((item) => item.json);
				assert(
					handled?.length === 2,
					`"Handle the error" should get 2 items, got ${JSON.stringify(handled)}`,
				);
				const [newsletter, checkout] = handled;
				assertEqual(newsletter.page, 'Newsletter', 'first failed page');
				assertEqual(newsletter.errorCode, 'INVALID_INPUT', 'Newsletter: errorCode');
				assertIncludes(String(newsletter.message), 'Website URL', 'Newsletter: message');
				assert(
					String(newsletter.hint).length > 10,
					`Newsletter: hint ${JSON.stringify(newsletter.hint)}`,
				);
				assertEqual(newsletter.taskId, null, 'Newsletter: no task was created');

				assertEqual(checkout.page, 'Checkout', 'second failed page');
				assertEqual(checkout.errorCode, 'ERROR_CAPTCHA_UNSOLVABLE', 'Checkout: errorCode');
				assertIncludes(String(checkout.message), 'ERROR_CAPTCHA_UNSOLVABLE', 'Checkout: message');
				assertIncludes(String(checkout.hint), 'Retry Unsolvable', 'Checkout: hint');
				assert(
					typeof checkout.taskId === 'number' && checkout.taskId > 0,
					`Checkout: taskId ${JSON.stringify(checkout.taskId)}`,
				);
				assert(
					typeof checkout.description === 'string',
					`Checkout: description ${JSON.stringify(checkout.description)}`,
				);
			},
		);

		await ctx.check('"Use the token" gets the two solved pages with token and task', async () => {
			const used = outputItems(res, 'Use the token', 0)?.map((item) => item.json);
			assert(used?.length === 2, `"Use the token" should get 2 items, got ${JSON.stringify(used)}`);
			assertEqual(JSON.stringify(used.map((item) => item.page)), '["Login","Contact"]', 'pages');
			for (const item of used) {
				assert(
					typeof item.token === 'string' && item.token.length > 20,
					`token: ${JSON.stringify(item)}`,
				);
				assert(typeof item.taskId === 'number', `taskId: ${JSON.stringify(item)}`);
			}
		});

		await ctx.check(
			'the sandbox saw one createTask per valid page and none for the invalid URL',
			async () => {
				const creates = (await sandbox.requests<SandboxRequestLog[]>()).filter(
					(r) => r.method === 'createTask',
				);
				const urls = creates
					.map((r) => String((r.body as { task?: { websiteURL?: unknown } })?.task?.websiteURL))
					.sort();
				assertEqual(
					JSON.stringify(urls),
					JSON.stringify(
						[
							`${sandbox.url}/demo/form`,
							`${sandbox.url}/demo/form?page=contact`,
							`${sandbox.url}/demo/form?page=checkout&sandbox:unsolvable`,
						].sort(),
					),
					'createTask websiteURLs',
				);
				const checkoutTask = outputItems(res, 'Handle the error', 0)?.[1]?.json.taskId;
				const unsolvable = creates.find((r) =>
					String((r.body as { task?: { websiteURL?: unknown } })?.task?.websiteURL).includes(
						'checkout',
					),
				);
				assertEqual(
					checkoutTask,
					(unsolvable?.response as { taskId?: unknown } | undefined)?.taskId,
					"Checkout's taskId is the task the sandbox created for it",
				);
			},
		);
	},
};
