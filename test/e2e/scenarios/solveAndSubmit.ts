/**
 * Scenario 1 — examples/solve-and-submit.json through `n8n execute`:
 * Manual Trigger → CapMonster Create Task (reCAPTCHA v2) → HTTP Request POSTs the token to the
 * sandbox's demo form → IF the form rejected it → Report Incorrect Token.
 */
import { nodeItems, type ExecuteResult } from '../../../scripts/lib/n8n';
import { WORKFLOW_IDS, loadExample } from '../../../scripts/lib/workflows';
import { assert, assertEqual, type Scenario } from '../harness';
import { formSubmissions, reportedTaskIds } from '../sandboxStats';

export const solveAndSubmit: Scenario = {
	name: 'solve-and-submit',
	title: 'Solve reCAPTCHA v2 and submit the token to a form (n8n execute)',
	async run(ctx) {
		const { sandbox } = ctx;
		const n8n = await ctx.sandboxN8n([loadExample('solve-and-submit.json', sandbox.url)]);
		const before = await formSubmissions(sandbox);
		let res: ExecuteResult = { code: -1, ms: 0, logs: '' };

		await ctx.check('the workflow run succeeds', async () => {
			res = await n8n.execute(WORKFLOW_IDS.solveAndSubmit);
			assert(res.run, `no run JSON in n8n's output (exit ${res.code}); see ${n8n.logDir}`);
			assertEqual(
				res.code,
				0,
				`n8n execute exit code (error: ${res.run.data.resultData.error?.message})`,
			);
			assertEqual(res.run.status ?? 'success', 'success', 'execution status');
		});

		await ctx.check('Create Task outputs a ready token with its task id', async () => {
			const solved = nodeItems(res.run, 'Solve reCAPTCHA');
			assert(
				solved?.length === 1,
				`expected 1 item from "Solve reCAPTCHA", got ${JSON.stringify(solved)}`,
			);
			const item = solved[0];
			assertEqual(item.status, 'ready', 'status');
			assert(
				typeof item.taskId === 'number' && item.taskId > 0,
				`taskId should be a positive number: ${JSON.stringify(item.taskId)}`,
			);
			assert(
				typeof item.token === 'string' && item.token.length > 20,
				`token should be a long string: ${JSON.stringify(item.token)}`,
			);
			const solution = item.solution as Record<string, unknown> | undefined;
			assertEqual(
				solution?.gRecaptchaResponse,
				item.token,
				'solution.gRecaptchaResponse equals token',
			);
		});

		await ctx.check('the form accepted the token (n8n output and sandbox agree)', async () => {
			const form = nodeItems(res.run, 'Submit form');
			assert(form?.length === 1, `expected 1 item from "Submit form", got ${JSON.stringify(form)}`);
			assertEqual(form[0].accepted, true, `form answer ${JSON.stringify(form[0])}: accepted`);
			const after = await formSubmissions(sandbox);
			assertEqual(
				after.accepted - before.accepted,
				1,
				'accepted form submissions seen by the sandbox',
			);
			const token = nodeItems(res.run, 'Solve reCAPTCHA')?.[0]?.token;
			assert(
				after.acceptedTokens.includes(String(token)),
				'the sandbox accepted exactly the token CapMonster returned',
			);
		});

		await ctx.check(
			'the IF routes an accepted token away from Report Incorrect Token',
			async () => {
				const rejectedBranch = nodeItems(res.run, 'Form rejected the token?', 0) ?? [];
				const acceptedBranch = nodeItems(res.run, 'Form rejected the token?', 1) ?? [];
				assertEqual(rejectedBranch.length, 0, 'items on the "rejected" (true) branch');
				assertEqual(acceptedBranch.length, 1, 'items on the "accepted" (false) branch');
				assert(
					!res.run?.data.resultData.runData['Report incorrect token'],
					'Report incorrect token must not run',
				);
			},
		);

		// The other branch: a variant whose form submission tampers with the token, so the form
		// rejects it and the workflow reports the task as incorrect.
		await ctx.check('a rejected token is reported to CapMonster as incorrect', async () => {
			const wf = loadExample('solve-and-submit.json', sandbox.url);
			wf.id = 'cmSolveReject001';
			wf.name += ' (tampered token)';
			const submit = wf.nodes.find((n) => n.name === 'Submit form')!;
			const body = submit.parameters.bodyParameters as {
				parameters: Array<{ name: string; value: string }>;
			};
			body.parameters[0].value = '={{ $json.token }}-tampered';
			await n8n.importWorkflows([wf]);
			const r = await n8n.execute(wf.id);
			assertEqual(r.code, 0, `exit code (error: ${r.run?.data.resultData.error?.message})`);
			const form = nodeItems(r.run, 'Submit form');
			assertEqual(form?.[0]?.accepted, false, `form answer ${JSON.stringify(form)}: accepted`);
			const taskId = nodeItems(r.run, 'Solve reCAPTCHA')?.[0]?.taskId;
			const report = nodeItems(r.run, 'Report incorrect token');
			assert(
				report?.length === 1,
				`Report incorrect token should output 1 item, got ${JSON.stringify(report)}`,
			);
			const reported = await reportedTaskIds(sandbox);
			assert(
				reported.includes(Number(taskId)),
				`the sandbox should have a token report for task ${taskId}; saw ${JSON.stringify(reported)}`,
			);
		});
	},
};
