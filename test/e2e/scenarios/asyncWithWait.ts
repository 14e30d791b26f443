/**
 * Scenario 3 — examples/async-with-wait.json on a running n8n (`n8n start`):
 * trigger → Create Task (Wait for Result off, Callback URL = $execution.resumeUrl) → Wait
 * (On Webhook Call, POST) → Set. The sandbox POSTs the finished task to the resume URL, which
 * wakes the execution up. `n8n execute` cannot resume a waiting execution, hence `start`; the
 * finished execution is read back through n8n's REST API.
 *
 * The example starts with a Manual Trigger (so the editor's Execute workflow button runs it); here
 * that trigger is swapped for a Webhook, the one way to start it from outside a browser.
 */
import { nodeItems } from '../../../scripts/lib/n8n';
import { waitFor } from '../../../scripts/lib/proc';
import { WORKFLOW_IDS, loadExample, type Workflow } from '../../../scripts/lib/workflows';
import { assert, assertEqual, type Scenario } from '../harness';

const WEBHOOK_PATH = 'capmonster-async';

/** The example with its Manual Trigger ("Start") replaced by a production Webhook trigger. */
function withWebhookTrigger(baseUrl: string): Workflow {
	const wf = loadExample('async-with-wait.json', baseUrl);
	const start = wf.nodes.find((n) => n.name === 'Start');
	if (!start) throw new Error('async-with-wait.json has no "Start" node');
	Object.assign(start, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: '0f6c3a8e-5b8d-4d3c-9a11-c4b1a5e00001',
		parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
	});
	return wf;
}

export const asyncWithWait: Scenario = {
	name: 'async-with-wait',
	title: 'Create Task without waiting + callback URL resumes a Wait node (n8n start)',
	async run(ctx) {
		const { sandbox } = ctx;
		const { n8n, rest } = await ctx.startedN8n([withWebhookTrigger(sandbox.url)], {
			activate: [WORKFLOW_IDS.asyncWithWait],
		});

		let executionId = '';
		await ctx.check('the webhook starts the workflow', async () => {
			// Newer n8n registers the webhooks of active workflows a moment after the editor is up;
			// until then it answers 404 and starts nothing, so asking again is safe.
			const res = await waitFor(
				'the webhook to be registered',
				async () => {
					const answer = await fetch(`${n8n.baseUrl}/webhook/${WEBHOOK_PATH}`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ from: 'e2e' }),
					}).catch(() => undefined);
					return answer && answer.status !== 404 ? answer : undefined;
				},
				60_000,
				500,
			);
			assertEqual(res.status, 200, `webhook status (${await res.text()})`);
			const list = await waitFor(
				'the execution to appear',
				async () => {
					const l = await rest.executions(WORKFLOW_IDS.asyncWithWait);
					return l.length ? l : undefined;
				},
				30_000,
				500,
			);
			executionId = String(list[0].id);
		});

		await ctx.check(
			'the execution finishes with the solution in the Wait node output',
			async () => {
				assert(executionId, 'no execution id');
				const done = await waitFor(
					`execution ${executionId} to finish`,
					async () => {
						const e = await rest.execution(executionId);
						return e.status === 'success' || e.status === 'error' || e.status === 'crashed'
							? e
							: undefined;
					},
					90_000,
					1000,
				);
				assertEqual(
					done.status,
					'success',
					`execution status (error: ${done.run.data.resultData.error?.message})`,
				);
				const created = nodeItems(done.run, 'Create task (no wait)');
				assertEqual(
					created?.[0]?.status,
					'processing',
					'Create Task output status without waiting',
				);
				const taskId = created?.[0]?.taskId;
				assert(
					typeof taskId === 'number',
					`Create Task output has a taskId: ${JSON.stringify(created)}`,
				);
				const waited = nodeItems(done.run, 'Wait for CapMonster');
				const body = waited?.[0]?.body as
					| { status?: string; solution?: { gRecaptchaResponse?: string } }
					| undefined;
				assertEqual(
					body?.status,
					'ready',
					`callback body in the Wait node: ${JSON.stringify(waited)?.slice(0, 400)}`,
				);
				const token = body?.solution?.gRecaptchaResponse;
				assert(typeof token === 'string' && token.length > 20, 'the callback carries the token');
				const solution = nodeItems(done.run, 'Solution');
				assertEqual(solution?.[0]?.token, token, 'Solution node token');
				assertEqual(solution?.[0]?.taskId, taskId, 'Solution node taskId');
				// The sandbox's side: it called back exactly once, to this execution's resume URL, and n8n took it.
				const [task] = await sandbox.control<
					Array<{ callbacks: Array<{ url: string; status?: number; error?: string }> }>
				>('GET', `tasks?id=${taskId}`);
				assertEqual(task?.callbacks.length, 1, 'callbacks sent by the sandbox');
				assert(
					task.callbacks[0].url.includes(`/webhook-waiting/${executionId}`),
					`callback URL is the resume URL: ${task.callbacks[0].url}`,
				);
				assertEqual(
					task.callbacks[0].status,
					200,
					`n8n's answer to the callback (${task.callbacks[0].error ?? ''})`,
				);
			},
		);
	},
};
