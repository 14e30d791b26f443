/**
 * Scenario 5 — queue mode: the Solve-and-submit flow behind a Webhook trigger on `n8n start`
 * with EXECUTIONS_MODE=queue, a private Redis and one `n8n worker`. The main process only
 * enqueues; the worker loads the community package and runs the execution.
 */
import * as path from 'node:path';
import { waitFor } from '../../../scripts/lib/proc';
import { startRedis } from '../../../scripts/lib/redis';
import { N8nRest } from '../../../scripts/lib/rest';
import { nodeItems } from '../../../scripts/lib/n8n';
import {
	QUEUE_WEBHOOK_PATH,
	SANDBOX_CREDENTIAL,
	WORKFLOW_IDS,
	credential,
	solveAndSubmitWithWebhook,
} from '../../../scripts/lib/workflows';
import { assert, assertEqual, type Scenario } from '../harness';
import { formSubmissions } from '../sandboxStats';

export const queueMode: Scenario = {
	name: 'queue-mode',
	title: 'Solve and submit in queue mode (Redis + n8n worker)',
	async run(ctx) {
		const { sandbox } = ctx;
		const redis = await startRedis(path.join(ctx.logDir, 'redis.log'));
		try {
			const n8n = await ctx.newInstance({
				credentials: [credential(SANDBOX_CREDENTIAL, sandbox.url, sandbox.key)],
				workflows: [solveAndSubmitWithWebhook(sandbox.url)],
			});
			await n8n.activateWorkflow(WORKFLOW_IDS.solveAndSubmitWebhook);
			const queueEnv = {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				// Unique per run, so a shared Redis would not mix jobs either.
				QUEUE_BULL_PREFIX: `bull-capmonster-${process.pid}`,
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			};
			await n8n.start(queueEnv);
			const { proc: worker } = await n8n.startWorker(queueEnv);
			const rest = new N8nRest(n8n.baseUrl, ctx.install);
			await rest.setupOwner();
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
		} finally {
			await redis.proc.stop(3000);
		}
	},
};
