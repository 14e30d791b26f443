/**
 * Scenario — queue mode at scale: main + two `n8n worker`s (--concurrency 5 each), a private
 * Redis and PostgreSQL; 10 executions of 20 captchas each, started at once through a webhook, against the sandbox
 * with a realistic solve time (8 s). The same load first runs on one worker (the figure to compare
 * with), then on two, with one wrong-key execution alongside.
 *
 * What it proves: all 200 items are solved; both workers ran executions (their logs); no task is
 * created twice and no poll breaks CapMonster's limits; and nothing leaks between executions that
 * share a worker process: the wrong-key execution fails with ERROR_KEY_DOES_NOT_EXIST while every
 * good execution beside it still succeeds (the "stop sending once the key is rejected" rule is per
 * execution, not per process). Figures go to queue-scale.json in the scenario's log folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { info } from '../../../scripts/lib/log';
import { NODE_TYPE } from '../../../scripts/lib/pkg';
import { waitFor } from '../../../scripts/lib/proc';
import { nodeItems } from '../../../scripts/lib/n8n';
import type { ExecutionSummary, N8nRest } from '../../../scripts/lib/rest';
import type { SandboxRequestLog } from '../../../scripts/lib/sandbox';
import {
	FAILING_CREDENTIAL,
	SANDBOX_CREDENTIAL,
	credential,
	type Workflow,
} from '../../../scripts/lib/workflows';
import { assert, assertEqual, writeJson, type Scenario, type Worker } from '../harness';

const EXECUTIONS = 10;
const ITEMS = 20;
const CONCURRENCY = 5;
const SOLVE_MS = 8000;
/** What the e2e runner starts the sandbox with (scripts/lib/sandbox.ts), restored afterwards. */
const DEFAULT_SOLVE_MS = 1500;

const FLOWS = {
	oneWorker: { id: 'cmQueueScale1W01', path: 'capmonster-batch-one-worker', good: true },
	twoWorkers: { id: 'cmQueueScale2W01', path: 'capmonster-batch-two-workers', good: true },
	wrongKey: { id: 'cmQueueScaleBad1', path: 'capmonster-batch-wrong-key', good: false },
};
type Flow = (typeof FLOWS)[keyof typeof FLOWS];

/** Webhook (the batch) → Split Out (one item per captcha) → CapMonster Create Task, all 20 at once. */
function batchWorkflow(flow: Flow, index: number): Workflow {
	const cred = flow.good ? SANDBOX_CREDENTIAL : FAILING_CREDENTIAL;
	const uuid = (n: number) => `7d1e0c52-4a0b-4f5e-9c3d-${String(index * 10 + n).padStart(12, '0')}`;
	return {
		id: flow.id,
		name: `CapMonster: batch of ${ITEMS} (queue scale, ${flow.path})`,
		active: false,
		nodes: [
			{
				id: uuid(1),
				name: 'Batch',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 300],
				webhookId: uuid(9),
				parameters: {
					httpMethod: 'POST',
					path: flow.path,
					responseMode: 'onReceived',
					options: {},
				},
			},
			{
				id: uuid(2),
				name: 'One item per captcha',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [240, 300],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			{
				id: uuid(3),
				name: 'Solve',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [480, 300],
				parameters: {
					resource: 'task',
					operation: 'create',
					taskType: 'recaptchaV2',
					websiteURL: '={{ $json.url }}',
					websiteKey: '6Lcg7CMUAAAAANphynKgn9YAgA4tQ2KI_iqRyTwd',
					proxyInput: 'none',
					additionalFields: {},
					options: { maxConcurrentTasks: ITEMS },
				},
				credentials: { capMonsterApi: cred },
			},
		],
		connections: {
			Batch: { main: [[{ node: 'One item per captcha', type: 'main', index: 0 }]] },
			'One item per captcha': { main: [[{ node: 'Solve', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

interface Finished extends ExecutionSummary {
	flow: Flow;
	solved: number;
	tokens: string[];
	error?: string;
}

interface Wave {
	wallMs: number;
	executions: Finished[];
	/** execution id -> worker number (1-based), from the workers' logs. */
	ranOn: Map<string, number>;
	createTaskCalls: number;
	tasksCreated: number;
	duplicateCreates: number;
	pollViolations: number;
	maxPollsPerTask: number;
	wrongKeyCreateCalls: number;
}

/** Execution ids a worker's log says it started ("Worker started execution 12 (job 12)"). */
function startedBy(worker: Worker): Set<string> {
	const text = fs.existsSync(worker.logFile) ? fs.readFileSync(worker.logFile, 'utf8') : '';
	return new Set([...text.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]));
}

/** Start `runs` batches (and whatever `extra` adds) at the same moment; wait until all finished. */
async function wave(
	baseUrl: string,
	rest: N8nRest,
	sandbox: {
		url: string;
		reset(): Promise<unknown>;
		stats<T>(): Promise<T>;
		requests<T>(): Promise<T>;
	},
	workers: Worker[],
	batches: Array<{ flow: Flow; run: string }>,
): Promise<Wave> {
	await sandbox.reset();
	const t0 = Date.now();
	await Promise.all(
		batches.map(async ({ flow, run }) => {
			const items = Array.from({ length: ITEMS }, (_, i) => ({
				// A distinct page per item: the sandbox's duplicate-create count then means something.
				url: `${sandbox.url}/demo/form?run=${run}&item=${i}`,
			}));
			const res = await fetch(`${baseUrl}/webhook/${flow.path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ items }),
			});
			const text = await res.text();
			assertEqual(res.status, 200, `webhook ${flow.path} status (${text.slice(0, 200)})`);
		}),
	);
	const flows = [...new Set(batches.map((b) => b.flow))];
	const want = (f: Flow) => batches.filter((b) => b.flow === f).length;
	const summaries = await waitFor(
		`${batches.length} executions to finish`,
		async () => {
			const all: Array<ExecutionSummary & { flow: Flow }> = [];
			for (const f of flows) {
				const list = await rest.executions(f.id);
				const done = list.filter((e) => ['success', 'error', 'crashed'].includes(String(e.status)));
				if (done.length < want(f)) return undefined;
				all.push(...done.map((e) => ({ ...e, flow: f })));
			}
			return all;
		},
		5 * 60_000,
		500,
	);
	const stopped = summaries.map((s) => Date.parse(String(s.stoppedAt)) || Date.now());
	const wallMs = Math.max(...stopped) - t0;
	const executions: Finished[] = [];
	for (const s of summaries) {
		const e = await rest.execution(String(s.id));
		const out = nodeItems(e.run, 'Solve') ?? [];
		const ready = out.filter((i) => i.status === 'ready' && typeof i.token === 'string');
		const err = e.run.data.resultData.error;
		executions.push({
			...s,
			status: e.status,
			solved: ready.length,
			tokens: ready.map((i) => String(i.token)),
			error: err ? [err.message, err.description].filter(Boolean).join(' — ') : undefined,
		});
	}
	const ranOn = new Map<string, number>();
	workers.forEach((w, i) => {
		for (const id of startedBy(w)) ranOn.set(id, i + 1);
	});
	const stats = await sandbox.stats<{
		createTaskCalls: number;
		tasksCreated: number;
		duplicateCreates: number;
		pollViolations: number;
		maxPollsPerTask: number;
	}>();
	const requests = await sandbox.requests<SandboxRequestLog[]>();
	const wrongKeyCreateCalls = requests.filter(
		(r) =>
			r.method === 'createTask' &&
			String((r.body as { clientKey?: string } | undefined)?.clientKey).startsWith('wrong-key'),
	).length;
	return {
		wallMs,
		executions,
		ranOn,
		createTaskCalls: stats.createTaskCalls,
		tasksCreated: stats.tasksCreated,
		duplicateCreates: stats.duplicateCreates,
		pollViolations: stats.pollViolations,
		maxPollsPerTask: stats.maxPollsPerTask,
		wrongKeyCreateCalls,
	};
}

function assertAllSolved(w: Wave, flow: Flow) {
	const good = w.executions.filter((e) => e.flow === flow);
	assertEqual(good.length, EXECUTIONS, 'good executions finished');
	const failed = good.filter((e) => e.status !== 'success');
	assert(
		!failed.length,
		`every good execution succeeds; ${failed.length} did not: ${failed
			.map((e) => `#${e.id} ${e.status}: ${e.error}`)
			.join('; ')}`,
	);
	const solved = good.reduce((n, e) => n + e.solved, 0);
	assertEqual(solved, EXECUTIONS * ITEMS, 'items solved (status ready with a token)');
	const tokens = new Set(good.flatMap((e) => e.tokens));
	assertEqual(tokens.size, EXECUTIONS * ITEMS, 'distinct tokens');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const queueScale: Scenario = {
	name: 'queue-scale',
	title: `Queue mode at scale: main + 2 workers, ${EXECUTIONS} executions x ${ITEMS} items at once, a wrong key beside them`,
	needs: ['redis', 'postgres'],
	async run(ctx) {
		const { sandbox } = ctx;
		await sandbox.configure({ solveMs: SOLVE_MS });
		try {
			const { n8n, rest, workers, addWorker } = await ctx.startedN8n(
				Object.values(FLOWS).map((f, i) => batchWorkflow(f, i)),
				{
					credentials: [credential(FAILING_CREDENTIAL, sandbox.url, 'wrong-key')],
					activate: Object.values(FLOWS).map((f) => f.id),
					queue: { workers: 1, concurrency: CONCURRENCY },
				},
			);
			const batches = (flow: Flow, prefix: string) =>
				Array.from({ length: EXECUTIONS }, (_, i) => ({ flow, run: `${prefix}${i}` }));

			let one: Wave | undefined;
			await ctx.check(
				`one worker: ${EXECUTIONS} executions x ${ITEMS} items all solved (the figure to compare with)`,
				async () => {
					one = await wave(n8n.baseUrl, rest, sandbox, workers, batches(FLOWS.oneWorker, 'one-'));
					assertAllSolved(one, FLOWS.oneWorker);
					info(`    one worker: ${EXECUTIONS * ITEMS} items in ${seconds(one.wallMs)}`);
				},
			);

			await addWorker();
			let two: Wave | undefined;
			await ctx.check(
				`two workers: ${EXECUTIONS} executions x ${ITEMS} items + 1 wrong-key execution, started at once`,
				async () => {
					two = await wave(n8n.baseUrl, rest, sandbox, workers, [
						...batches(FLOWS.twoWorkers, 'two-'),
						{ flow: FLOWS.wrongKey, run: 'wrong-key' },
					]);
					info(
						`    two workers: ${EXECUTIONS * ITEMS} items in ${seconds(two.wallMs)}` +
							(one ? ` (one worker: ${seconds(one.wallMs)})` : ''),
					);
				},
			);

			await ctx.check(
				'two workers: all 200 items solved, every good execution succeeded',
				async () => {
					assert(two, 'the two-worker wave did not run');
					assertAllSolved(two, FLOWS.twoWorkers);
				},
			);

			await ctx.check(
				'the wrong-key execution failed with ERROR_KEY_DOES_NOT_EXIST beside them',
				async () => {
					assert(two, 'the two-worker wave did not run');
					const bad = two.executions.filter((e) => e.flow === FLOWS.wrongKey);
					assertEqual(bad.length, 1, 'wrong-key executions');
					assertEqual(bad[0].status, 'error', `wrong-key execution status (${bad[0].error})`);
					assert(
						bad[0].error?.includes('ERROR_KEY_DOES_NOT_EXIST'),
						`its error names ERROR_KEY_DOES_NOT_EXIST: ${bad[0].error}`,
					);
					// One create per item at most, never a retry with a rejected key (how many were already
					// in flight when the first rejection came back depends on the machine's load).
					assert(
						two.wrongKeyCreateCalls >= 1 && two.wrongKeyCreateCalls <= ITEMS,
						`createTask calls with the wrong key: ${two.wrongKeyCreateCalls} (expected 1 to ${ITEMS})`,
					);
					info(
						`    createTask calls with the wrong key: ${two.wrongKeyCreateCalls} of ${ITEMS} items`,
					);
				},
			);

			await ctx.check('both workers ran executions (worker logs)', async () => {
				assert(two, 'the two-worker wave did not run');
				const perWorker = [1, 2].map(
					(w) => two!.executions.filter((e) => two!.ranOn.get(String(e.id)) === w).length,
				);
				const unknown = two.executions.filter((e) => !two!.ranOn.has(String(e.id)));
				assert(
					!unknown.length,
					`executions no worker log mentions: ${unknown.map((e) => e.id).join(', ')}`,
				);
				assert(
					perWorker[0] > 0 && perWorker[1] > 0,
					`executions per worker: ${perWorker.join(' + ')}`,
				);
				info(`    executions per worker: ${perWorker.join(' + ')}`);
			});

			await ctx.check(
				'no duplicate createTask and no poll-limit violation (both runs)',
				async () => {
					for (const [label, w] of [
						['one worker', one],
						['two workers', two],
					] as const) {
						assert(w, `the ${label} wave did not run`);
						assertEqual(w.duplicateCreates, 0, `${label}: duplicate createTask calls`);
						assertEqual(w.pollViolations, 0, `${label}: poll-limit violations`);
						assertEqual(
							w.tasksCreated,
							EXECUTIONS * ITEMS,
							`${label}: tasks created with the good key`,
						);
					}
				},
			);

			const figures = {
				version: ctx.version,
				executions: EXECUTIONS,
				itemsPerExecution: ITEMS,
				workerConcurrency: CONCURRENCY,
				solveMs: SOLVE_MS,
				waves: Object.fromEntries(
					(
						[
							['oneWorker', one],
							['twoWorkers', two],
						] as const
					)
						.filter(([, w]) => w)
						.map(([k, w]) => [
							k,
							{
								wallMs: w!.wallMs,
								createTaskCalls: w!.createTaskCalls,
								tasksCreated: w!.tasksCreated,
								duplicateCreates: w!.duplicateCreates,
								pollViolations: w!.pollViolations,
								maxPollsPerTask: w!.maxPollsPerTask,
								wrongKeyCreateCalls: w!.wrongKeyCreateCalls,
								perWorker: [1, 2].map(
									(n) => w!.executions.filter((e) => w!.ranOn.get(String(e.id)) === n).length,
								),
							},
						]),
				),
			};
			writeJson(path.join(ctx.logDir, 'queue-scale.json'), figures);
		} finally {
			await sandbox.configure({ solveMs: DEFAULT_SOLVE_MS }).catch(() => undefined);
		}
	},
};
