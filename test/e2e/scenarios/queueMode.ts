/**
 * Scenario 5 — queue mode: the Solve-and-submit flow behind a Webhook trigger on `n8n start`
 * with EXECUTIONS_MODE=queue, a private Redis and PostgreSQL, and one `n8n worker`. The main process only
 * enqueues; the worker loads the community package and runs the execution. (Several workers and
 * many executions at once: queueScale.ts.)
 */
import { waitFor } from '../../../scripts/lib/proc';
import { nodeItems } from '../../../scripts/lib/n8n';
import {
	QUEUE_WEBHOOK_PATH,
	WORKFLOW_IDS,
	solveAndSubmitWithWebhook,
} from '../../../scripts/lib/workflows';
import { assert, assertEqual, type Scenario } from '../harness';
import { formSubmissions } from '../sandboxStats';

export const queueMode: Scenario = {
	name: 'queue-mode',
	title: 'Solve and submit in queue mode (Redis + n8n worker)',
	needs: ['redis', 'postgres'],
	async run(ctx) {
		const { sandbox } = ctx;
		const { n8n, rest, workers } = await ctx.startedN8n([solveAndSubmitWithWebhook(sandbox.url)], {
			activate: [WORKFLOW_IDS.solveAndSubmitWebhook],
			queue: { workers: 1 },
		});
		const worker = workers[0].proc;
		const before = await formSubmissions(sandbox);
		await ctx.check('the webhook accepts the request', async () => {
			const res = await fetch(`${n8n.baseUrl}/webhook/${QUEUE_WEBHOOK_PATH}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ via: 'queue' }),
			});
			const text = await res.text();
			assertEqual(res.status, 200, `webhook status (${text.slice(0, 300)})`);
		});

		await ctx.check('the worker log shows it started and finished the execution', async () => {
			await waitFor(
				'"Worker finished execution" in the worker log',
				() => /Worker finished execution \d+/.test(worker.output()),
				60_000,
				300,
			);
			assert(
				/Worker started execution \d+/.test(worker.output()),
				'worker log: "Worker started execution"',
			);
		});

		await ctx.check('the execution succeeded and the sandbox accepted the token', async () => {
			const list = await rest.executions(WORKFLOW_IDS.solveAndSubmitWebhook);
			assert(list.length === 1, `expected 1 execution, got ${list.length}`);
			const done = await waitFor(
				'the execution to be stored as finished',
				async () => {
					const e = await rest.execution(String(list[0].id));
					return e.status === 'success' || e.status === 'error' ? e : undefined;
				},
				30_000,
				500,
			);
			assertEqual(
				done.status,
				'success',
				`status (error: ${done.run.data.resultData.error?.message})`,
			);
			const token = nodeItems(done.run, 'Solve reCAPTCHA')?.[0]?.token;
			assertEqual(nodeItems(done.run, 'Submit form')?.[0]?.accepted, true, 'form accepted');
			const after = await formSubmissions(sandbox);
			assertEqual(
				after.accepted - before.accepted,
				1,
				'accepted form submissions seen by the sandbox',
			);
			assert(
				after.acceptedTokens.includes(String(token)),
				'the sandbox accepted the token the worker got',
			);
		});
	},
};
