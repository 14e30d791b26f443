/**
 * Fault-injection scenarios (issue "Reliability and security"): the node inside n8n-core's real
 * WorkflowExecute, against the local sandbox with faults injected, each scenario measured with the
 * same figures and judged against the same expectations whether it runs from the CLI
 * (`npm run test:faults`, test/faults/run.ts) or from jest (test/engine/faults.test.ts, `short`).
 *
 * Why the faults of scenario 1 are placed where they are (the node's retry policy, solver/solve.ts):
 * - createTask costs money. A createTask that got no answer, a reset connection or a 5xx may still
 *   have created — and charged — a task, so the node does NOT send it again: the item fails with a
 *   note saying the task may exist. Retrying there would trade a visible error for a silent double
 *   charge (and a `duplicateCreates` here). Only answers that prove nothing was created are retried,
 *   with a pool-wide back-off: HTTP 429 / ERROR_TOO_MUCH_REQUESTS, ERROR_NO_SLOT_AVAILABLE and a
 *   refused connection. So createTask gets only those faults (phase 'before': rejected unprocessed).
 * - getTaskResult only reads, so repeating it is safe: 5xx, resets (before and after the sandbox
 *   processed the poll), 429 and slow answers go there. Every repeat still has to keep the 2 s gap
 *   and the 120-poll cap, which `pollViolations` checks.
 * A 5xx/reset on createTask is therefore not a "transient" fault for this node but an
 * unknown-outcome one; its behaviour (fail the item, never a duplicate) is covered in the jest
 * file, not in the all-must-solve scenario.
 *
 * The API key is a distinctive string (FAULT_KEY) so `keyLeaks` can count it in everything a user
 * could see of a run (output, errors, run data).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { ERROR_TABLE } from '../../nodes/CapMonster/transport/errors';
import { everythingVisible, loadNodeClass, runNode, type NodeRun } from '../helpers/engine';
import { startSandbox, type FaultRule, type Sandbox, type SandboxOptions } from '../sandbox';

export const FAULT_KEY = 'fault-key-9d1e7c';
const SITE_KEY = '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-';
/** A distinct websiteURL per item, so the sandbox's duplicate-create detection means something. */
const ITEM_URL = '={{ "https://example.com/form?item=" + $json.i }}';
/** The node's default Max Concurrent Tasks. */
const DEFAULT_CONCURRENCY = 10;

// ---- result shapes ------------------------------------------------------------------------------

/** One scenario's figures: one JSON line of `npm run test:faults -- --json`. */
export interface Figures {
	scenario: string;
	items: number;
	outputs: number;
	solved: number;
	errorItems: number;
	createTaskCalls: number;
	duplicateCreates: number;
	pollViolations: number;
	keyLeaks: number;
	maxWallMs: number;
	[more: string]: unknown;
}

/** The figures of one run against one sandbox (figuresOf). */
export interface RunFigures extends Figures {
	tasksCreated: number;
	getTaskResultCalls: number;
	maxPollsPerTask: number;
	minPollGapMs: number | null;
	status: string;
	errorCodes: Record<string, number>;
}

export interface ScenarioResult {
	figures: Figures;
	/** Every way the run differed from the scenario's expectations; empty = pass. */
	deviations: string[];
}

export interface ScenarioOptions {
	/** Fewer items and shorter timeouts (what `npm test` runs). */
	short?: boolean;
}

export interface Scenario {
	name: string;
	title: string;
	run(options?: ScenarioOptions): Promise<ScenarioResult>;
}

// ---- helpers --------------------------------------------------------------------------------------

/** Collects deviations instead of throwing, so every figure is reported even when one is off. */
class Expect {
	readonly deviations: string[] = [];

	equal(what: string, actual: unknown, expected: unknown): void {
		if (actual !== expected)
			this.deviations.push(`${what}: expected ${show(expected)}, got ${show(actual)}`);
	}

	atMost(what: string, actual: number, limit: number): void {
		if (!(actual <= limit))
			this.deviations.push(`${what}: expected ≤ ${limit}, got ${show(actual)}`);
	}

	atLeast(what: string, actual: number, limit: number): void {
		if (!(actual >= limit))
			this.deviations.push(`${what}: expected ≥ ${limit}, got ${show(actual)}`);
	}

	that(what: string, ok: boolean): void {
		if (!ok) this.deviations.push(what);
	}
}

function show(value: unknown): string {
	return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

async function withSandbox<T>(
	options: SandboxOptions,
	use: (sandbox: Sandbox) => Promise<T>,
): Promise<T> {
	const sandbox = await startSandbox({ keys: [FAULT_KEY], ...options });
	try {
		return await use(sandbox);
	} finally {
		await sandbox.close();
	}
}

function credentials(sandbox: Sandbox, apiKey = FAULT_KEY) {
	return { apiKey, noCache: false, baseUrl: sandbox.url };
}

/** reCAPTCHA v2 Create Task with a per-item websiteURL. */
export function createTaskParameters(
	options: INodeParameters = {},
	overrides: INodeParameters = {},
): INodeParameters {
	return {
		resource: 'task',
		operation: 'create',
		taskType: 'recaptchaV2',
		websiteURL: ITEM_URL,
		websiteKey: SITE_KEY,
		options,
		...overrides,
	};
}

export function numberedItems(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { i } }));
}

export function countOccurrences(haystack: string, needle: string): number {
	let count = 0;
	for (
		let at = haystack.indexOf(needle);
		at !== -1;
		at = haystack.indexOf(needle, at + needle.length)
	)
		count++;
	return count;
}

function isSolved(item: INodeExecutionData): boolean {
	return (
		item.json.status === 'ready' && typeof item.json.token === 'string' && item.json.token !== ''
	);
}

function isErrorItem(item: INodeExecutionData): boolean {
	return typeof item.json.error === 'string';
}

function errorCodes(run: NodeRun): Record<string, number> {
	const codes: Record<string, number> = {};
	for (const item of run.items.filter(isErrorItem)) {
		const code = String(item.json.errorCode);
		codes[code] = (codes[code] ?? 0) + 1;
	}
	return codes;
}

/** The common figures of one run against one sandbox. */
function figuresOf(scenario: string, items: number, run: NodeRun, sandbox: Sandbox): RunFigures {
	const stats = sandbox.stats();
	// Counted from the request log: the sandbox's own counters skip requests a fault rejected unprocessed.
	const calls = (method: string) =>
		sandbox.requests.filter((request) => request.method === method).length;
	return {
		scenario,
		items,
		outputs: run.items.length,
		solved: run.items.filter(isSolved).length,
		errorItems: run.items.filter(isErrorItem).length,
		createTaskCalls: calls('createTask'),
		duplicateCreates: stats.duplicateCreates,
		pollViolations: stats.pollViolations,
		keyLeaks: countOccurrences(everythingVisible(run), FAULT_KEY),
		maxWallMs: run.ms,
		tasksCreated: stats.tasksCreated,
		getTaskResultCalls: calls('getTaskResult'),
		maxPollsPerTask: stats.maxPollsPerTask,
		minPollGapMs: Number.isFinite(stats.minPollGapMs) ? stats.minPollGapMs : null,
		status: run.status,
		errorCodes: errorCodes(run),
	};
}

/** The checks every scenario shares: nothing paid twice, no polling-rule breach, no key anywhere. */
function commonChecks(expect: Expect, figures: Figures): void {
	expect.equal('duplicateCreates', figures.duplicateCreates, 0);
	expect.equal('pollViolations', figures.pollViolations, 0);
	expect.equal('keyLeaks', figures.keyLeaks, 0);
}

function checkErrorItems(expect: Expect, run: NodeRun, code: string, what = code): void {
	const hint = ERROR_TABLE[code]?.hint;
	for (const [index, item] of run.items.entries()) {
		if (!isErrorItem(item)) continue;
		const bad =
			item.json.errorCode !== code ||
			(hint !== undefined && item.json.hint !== hint) ||
			!String(item.json.error).includes(code) ||
			item.pairedItem === undefined ||
			(item.pairedItem as { item: number }).item !== index;
		if (bad) {
			expect.that(
				`${what}: item ${index} is not a clear ${code} error item: ${JSON.stringify(item.json)}`,
				false,
			);
			return; // one example is enough
		}
	}
}

// ---- 1. transient faults -----------------------------------------------------------------------

/**
 * About 20 % of the API requests fail transiently. The first two rules fire once each, so every run
 * exercises both methods' recovery whatever the dice say; the rest are rolled with the sandbox's
 * seeded PRNG (combined ≈ 20 % per createTask and ≈ 20 % per getTaskResult).
 */
export const TRANSIENT_FAULTS: FaultRule[] = [
	{ method: 'createTask', kind: 'errorCode', errorCode: 'ERROR_NO_SLOT_AVAILABLE', count: 1 },
	{ method: 'getTaskResult', kind: 'reset', count: 1 },
	// createTask: only "certainly not created" answers (see the header).
	{ method: 'createTask', kind: 'http', status: 429, probability: 0.1 },
	{
		method: 'createTask',
		kind: 'errorCode',
		errorCode: 'ERROR_NO_SLOT_AVAILABLE',
		probability: 0.112,
	},
	// getTaskResult: everything transient.
	{ method: 'getTaskResult', kind: 'http', status: 500, probability: 0.03 },
	{ method: 'getTaskResult', kind: 'http', status: 502, probability: 0.03 },
	{ method: 'getTaskResult', kind: 'http', status: 503, probability: 0.03 },
	{ method: 'getTaskResult', kind: 'http', status: 429, probability: 0.03 },
	{ method: 'getTaskResult', kind: 'reset', probability: 0.02 },
	{ method: 'getTaskResult', kind: 'delay', ms: 1000, probability: 0.02 },
	{ method: 'getTaskResult', kind: 'delay', ms: 2000, probability: 0.02 },
	{ method: 'getTaskResult', kind: 'delay', ms: 3000, probability: 0.02 },
	// Processed (the poll counts), then the answer is lost.
	{ method: 'getTaskResult', kind: 'reset', probability: 0.02, phase: 'after' },
];

function faultSummary(sandbox: Sandbox) {
	const byMethod: Record<string, { requests: number; faulted: number }> = {};
	const byKind: Record<string, number> = {};
	for (const request of sandbox.requests) {
		const entry = (byMethod[request.method] ??= { requests: 0, faulted: 0 });
		entry.requests++;
		if (!request.fault) continue;
		entry.faulted++;
		const { kind, status, errorCode, ms, phase } = request.fault;
		const label = `${request.method}:${kind === 'http' ? status : kind === 'errorCode' ? errorCode : kind === 'delay' ? `delay${ms}` : kind}${phase === 'after' ? '(after)' : ''}`;
		byKind[label] = (byKind[label] ?? 0) + 1;
	}
	const rate = (method: string) => {
		const entry = byMethod[method];
		return entry && entry.requests ? Math.round((1000 * entry.faulted) / entry.requests) / 10 : 0;
	};
	// Per item (websiteURL): first createTask attempt → the attempt that created the task.
	const attempts = new Map<string, number[]>();
	for (const request of sandbox.requests.filter((r) => r.method === 'createTask')) {
		const url = String(
			(request.body as { task?: { websiteURL?: unknown } } | undefined)?.task?.websiteURL,
		);
		attempts.set(url, [...(attempts.get(url) ?? []), request.at]);
	}
	const createDelays = [...attempts.values()].map((times) => times[times.length - 1] - times[0]);
	return {
		createRetries: [...attempts.values()].reduce((sum, times) => sum + times.length - 1, 0),
		maxCreateDelayMs: createDelays.length ? Math.max(...createDelays) : 0,
		faultedRequests: Object.values(byMethod).reduce((sum, entry) => sum + entry.faulted, 0),
		faultRatePct: { createTask: rate('createTask'), getTaskResult: rate('getTaskResult') },
		faultsByKind: byKind,
	};
}

export const transientFaults: Scenario = {
	name: 'transient-faults',
	title: '~20 % of requests fail transiently: every item still solves, nothing created twice',
	async run(options = {}) {
		const items = options.short ? 20 : 100;
		const concurrency = options.short ? 10 : 50;
		return await withSandbox({ solveMs: 3000 }, async (sandbox) => {
			for (const rule of TRANSIENT_FAULTS) sandbox.addFault(rule);
			const run = await runNode({
				parameters: createTaskParameters({ maxConcurrentTasks: concurrency }),
				credentials: credentials(sandbox),
				items: numberedItems(items),
				continueOnFail: true,
			});
			const faults = faultSummary(sandbox);
			const figures = {
				...figuresOf('transient-faults', items, run, sandbox),
				concurrency,
				solveMs: 3000,
				...faults,
			};
			const expect = new Expect();
			expect.equal('outputs', figures.outputs, items);
			expect.equal('solved', figures.solved, items);
			expect.equal('errorItems', figures.errorItems, 0);
			expect.equal('tasksCreated', figures.tasksCreated, items);
			commonChecks(expect, figures);
			expect.atLeast('faults injected on createTask', faults.faultRatePct.createTask, 0.1);
			expect.atLeast('faults injected on getTaskResult', faults.faultRatePct.getTaskResult, 0.1);
			expect.that(
				'output order/pairedItem follow the input',
				run.items.every(
					(item, index) => (item.pairedItem as { item?: number } | undefined)?.item === index,
				),
			);
			return { figures, deviations: expect.deviations };
		});
	},
};

// ---- 2. balance runs out -------------------------------------------------------------------------

export const zeroBalance: Scenario = {
	name: 'zero-balance',
	title:
		'The balance runs out after some tasks: those solve, the rest are clear ERROR_ZERO_BALANCE items',
	async run(options = {}) {
		const items = options.short ? 20 : 100;
		const paid = options.short ? 6 : 30;
		const costPerTask = 0.5; // exact in binary: the balance reaches 0 exactly after `paid` tasks
		return await withSandbox(
			{ solveMs: 50, costPerTask, balance: paid * costPerTask },
			async (sandbox) => {
				const run = await runNode({
					parameters: createTaskParameters(),
					credentials: credentials(sandbox),
					items: numberedItems(items),
					continueOnFail: true,
				});
				const figures = { ...figuresOf('zero-balance', items, run, sandbox), paidTasks: paid };
				const expect = new Expect();
				expect.equal('outputs', figures.outputs, items);
				expect.equal('solved', figures.solved, paid);
				expect.equal('errorItems', figures.errorItems, items - paid);
				expect.equal(
					'ERROR_ZERO_BALANCE items',
					figures.errorCodes.ERROR_ZERO_BALANCE ?? 0,
					items - paid,
				);
				checkErrorItems(expect, run, 'ERROR_ZERO_BALANCE');
				expect.equal(
					'createTaskCalls (no retry of ERROR_ZERO_BALANCE)',
					figures.createTaskCalls,
					items,
				);
				expect.atMost('maxWallMs (no hang)', figures.maxWallMs, 30000);
				commonChecks(expect, figures);
				return { figures, deviations: expect.deviations };
			},
		);
	},
};

// ---- 3. the service stops answering --------------------------------------------------------------

export const serverStops: Scenario = {
	name: 'server-stops',
	title:
		'The service stops answering after the tasks are created: every item ends at its Timeout with a clear error',
	async run(options = {}) {
		const items = options.short ? 20 : 100;
		const timeoutS = options.short ? 5 : 8;
		const slackMs = 1000;
		return await withSandbox({ solveMs: 60000 }, async (sandbox) => {
			const running = runNode({
				parameters: createTaskParameters({ maxConcurrentTasks: items, timeout: timeoutS }),
				credentials: credentials(sandbox),
				items: numberedItems(items),
				continueOnFail: true,
			});
			// Pause as soon as every task exists (before the first poll, 1 s after each create).
			const waitStarted = Date.now();
			while (sandbox.stats().tasksCreated < items && Date.now() - waitStarted < 10000)
				await sleep(5);
			const createdBeforePause = sandbox.stats().tasksCreated;
			sandbox.pause();
			const run = await running;
			const end = Date.now();
			const createdAt = sandbox.requests.filter((r) => r.method === 'createTask').map((r) => r.at);
			// Each item starts just before its createTask arrives and ends at the latest when the run ends.
			const maxItemMs = createdAt.length ? end - Math.min(...createdAt) : NaN;
			const figures = {
				...figuresOf('server-stops', items, run, sandbox),
				timeoutMs: timeoutS * 1000,
				maxItemMs,
				createdBeforePause,
				unansweredRequests: sandbox.requests.filter((r) => r.paused).length,
			};
			const expect = new Expect();
			expect.equal('tasks created before the pause', createdBeforePause, items);
			expect.equal('outputs', figures.outputs, items);
			expect.equal('errorItems', figures.errorItems, items);
			expect.equal('TIMEOUT items', figures.errorCodes.TIMEOUT ?? 0, items);
			expect.that(
				`every error says how long it waited, why it stopped (the ${timeoutS} s limit) and names its task`,
				run.items.every(
					(item) =>
						/^No solution from CapMonster after [\d.]+ s \(task \d+\): /.test(
							String(item.json.error),
						) &&
						String(item.json.error).includes(`time limit of ${timeoutS} s`) &&
						typeof item.json.taskId === 'number' &&
						String(item.json.hint).includes('Get Task Result'),
				),
			);
			expect.atMost('longest item (ms)', maxItemMs, timeoutS * 1000 + slackMs);
			expect.atLeast('unanswered (paused) requests', figures.unansweredRequests, 1);
			commonChecks(expect, figures);
			return { figures, deviations: expect.deviations };
		});
	},
};

// ---- 4. execution cancelled ------------------------------------------------------------------------

export const cancelled: Scenario = {
	name: 'cancelled',
	title: 'The execution is cancelled mid-run: polling stops within 1 s, nothing is sent afterwards',
	async run(options = {}) {
		const items = options.short ? 20 : 100;
		const cancelAfterMs = options.short ? 3500 : 4500;
		const quietMs = 3000;
		return await withSandbox({ solveMs: 60000 }, async (sandbox) => {
			const started = Date.now();
			const run = await runNode({
				parameters: createTaskParameters(),
				credentials: credentials(sandbox),
				items: numberedItems(items),
				continueOnFail: true,
				cancelAfterMs,
			});
			const end = Date.now();
			const cancelAt = started + cancelAfterMs;
			await sleep(quietMs);
			const api = sandbox.requests.filter(
				(r) => r.method === 'createTask' || r.method === 'getTaskResult',
			);
			const lastRequestAt = Math.max(...api.map((r) => r.at));
			const figures = {
				...figuresOf('cancelled', items, run, sandbox),
				cancelAfterMs,
				stopMs: end - cancelAt,
				lastRequestAfterCancelMs: lastRequestAt - cancelAt,
				requestsAfterCancelPlus1s: api.filter((r) => r.at > cancelAt + 1000).length,
				requestsAfterEnd: api.filter((r) => r.at > end).length,
			};
			const expect = new Expect();
			expect.atMost('execution ended after the cancel (ms)', figures.stopMs, 1000);
			expect.atMost('last request after the cancel (ms)', figures.lastRequestAfterCancelMs, 1000);
			expect.equal(
				'requests later than 1 s after the cancel',
				figures.requestsAfterCancelPlus1s,
				0,
			);
			expect.equal(
				`requests in the ${quietMs} ms after the execution ended`,
				figures.requestsAfterEnd,
				0,
			);
			expect.equal(
				'tasks created (only the items in flight at the cancel)',
				figures.tasksCreated,
				Math.min(items, DEFAULT_CONCURRENCY),
			);
			expect.equal('solved', figures.solved, 0);
			commonChecks(expect, figures);
			return { figures, deviations: expect.deviations };
		});
	},
};

// ---- 5. wrong key -----------------------------------------------------------------------------------

export const wrongKey: Scenario = {
	name: 'wrong-key',
	title: 'A wrong API key: one clear error per item, no retries, the key nowhere in the run',
	async run(options = {}) {
		const items = options.short ? 20 : 100;
		// Contains FAULT_KEY, so keyLeaks also counts the wrong key itself.
		const wrong = `${FAULT_KEY}-revoked`;
		return await withSandbox({ solveMs: 50 }, async (sandbox) => {
			const run = await runNode({
				parameters: createTaskParameters(),
				credentials: credentials(sandbox, wrong),
				items: numberedItems(items),
				continueOnFail: true,
			});
			const figures = figuresOf('wrong-key', items, run, sandbox);
			const sentUrls = (method: string) =>
				sandbox.requests
					.filter((r) => r.method === method)
					.map((r) => String((r.body as { task?: { websiteURL?: unknown } }).task?.websiteURL));
			const urls = sentUrls('createTask');
			const expect = new Expect();
			expect.equal('outputs', figures.outputs, items);
			expect.equal('errorItems', figures.errorItems, items);
			expect.equal(
				'ERROR_KEY_DOES_NOT_EXIST items',
				figures.errorCodes.ERROR_KEY_DOES_NOT_EXIST ?? 0,
				items,
			);
			checkErrorItems(expect, run, 'ERROR_KEY_DOES_NOT_EXIST');
			// After the first rejection the node sends nothing more with that key: at most the items in flight.
			expect.atMost(
				'createTaskCalls (at most the items in flight)',
				figures.createTaskCalls,
				Math.min(items, DEFAULT_CONCURRENCY),
			);
			expect.equal('items whose createTask was sent twice', urls.length - new Set(urls).size, 0);
			expect.equal('getTaskResultCalls', figures.getTaskResultCalls, 0);
			commonChecks(expect, figures);

			// Without Continue On Fail: one node error, still no retries and no key.
			sandbox.reset();
			const stopped = await runNode({
				parameters: createTaskParameters(),
				credentials: credentials(sandbox, wrong),
				items: numberedItems(items),
			});
			const stoppedUrls = sentUrls('createTask');
			figures.withoutContinueOnFail = {
				status: stopped.status,
				error: stopped.error?.message,
				createTaskCalls: stoppedUrls.length,
				keyLeaks: countOccurrences(everythingVisible(stopped), FAULT_KEY),
			};
			expect.equal('without Continue On Fail: status', stopped.status, 'error');
			expect.that(
				'without Continue On Fail: the node error names ERROR_KEY_DOES_NOT_EXIST',
				String(stopped.error?.message).includes('ERROR_KEY_DOES_NOT_EXIST'),
			);
			expect.atMost(
				'without Continue On Fail: createTaskCalls (at most the items in flight)',
				stoppedUrls.length,
				Math.min(items, DEFAULT_CONCURRENCY),
			);
			expect.equal(
				'without Continue On Fail: items sent twice',
				stoppedUrls.length - new Set(stoppedUrls).size,
				0,
			);
			expect.equal(
				'without Continue On Fail: keyLeaks',
				countOccurrences(everythingVisible(stopped), FAULT_KEY),
				0,
			);
			return { figures, deviations: expect.deviations };
		});
	},
};

// ---- error mapping ---------------------------------------------------------------------------------

export const UNKNOWN_CODE = 'ERROR_SANDBOX_NEVER_SEEN_BEFORE';
export const UNKNOWN_DESCRIPTION = 'A brand-new failure no table knows about';

export interface MappingCase {
	code: string;
	method: 'createTask' | 'getTaskResult';
	/** The errorCode the error item must carry. */
	expectCode: string;
	/** The hint it must carry (undefined: not checked against the table). */
	expectHint?: string;
}

/**
 * Every ERROR_TABLE code on both methods, plus an unknown code. On createTask every code ends the
 * item with that code (ERROR_NO_SLOT_AVAILABLE / ERROR_TOO_MUCH_REQUESTS after the back-off runs
 * into the Timeout). On getTaskResult the codes the table marks transient (notReady, retryLater,
 * slowDown) keep the node polling, so the item ends as TIMEOUT — correct, and checked as such.
 */
export function mappingCases(): MappingCase[] {
	const cases: MappingCase[] = [];
	for (const [code, info] of Object.entries(ERROR_TABLE)) {
		cases.push({ code, method: 'createTask', expectCode: code, expectHint: info.hint });
		const transient =
			info.behaviour === 'notReady' ||
			info.behaviour === 'retryLater' ||
			info.behaviour === 'slowDown';
		cases.push(
			transient
				? { code, method: 'getTaskResult', expectCode: 'TIMEOUT' }
				: { code, method: 'getTaskResult', expectCode: code, expectHint: info.hint },
		);
	}
	for (const method of ['createTask', 'getTaskResult'] as const)
		cases.push({ code: UNKNOWN_CODE, method, expectCode: UNKNOWN_CODE });
	return cases;
}

interface CaseOutcome {
	mismatch?: string;
	figures: Figures;
}

const MAPPING_TIMEOUT_S = 3;

async function runMappingCase(spec: MappingCase): Promise<CaseOutcome> {
	return await withSandbox({ solveMs: 50 }, async (sandbox) => {
		sandbox.addFault({
			method: spec.method,
			kind: 'errorCode',
			errorCode: spec.code,
			errorDescription: spec.code === UNKNOWN_CODE ? UNKNOWN_DESCRIPTION : undefined,
		});
		const run = await runNode({
			parameters: createTaskParameters({ timeout: MAPPING_TIMEOUT_S }),
			credentials: credentials(sandbox),
			items: numberedItems(1),
			continueOnFail: true,
		});
		const figures = figuresOf(`${spec.code}@${spec.method}`, 1, run, sandbox);
		const json = run.items[0]?.json ?? {};
		const problems: string[] = [];
		if (run.items.length !== 1 || !isErrorItem(run.items[0]))
			problems.push(`no error item (${JSON.stringify(json)})`);
		if (json.errorCode !== spec.expectCode) problems.push(`errorCode ${show(json.errorCode)}`);
		if (spec.expectHint !== undefined && json.hint !== spec.expectHint)
			problems.push(`hint ${show(json.hint)}`);
		if (typeof json.hint !== 'string' || json.hint === '') problems.push('no hint');
		if (spec.expectCode === 'TIMEOUT') {
			if (!String(json.error).includes(`time limit of ${MAPPING_TIMEOUT_S} s`))
				problems.push(`error ${show(json.error)}`);
		} else if (!String(json.error).includes(`[${spec.code}]`))
			problems.push(`error does not show the code: ${show(json.error)}`);
		if (spec.code === UNKNOWN_CODE && !String(json.error).includes(UNKNOWN_DESCRIPTION))
			problems.push(`error does not show the description: ${show(json.error)}`);
		if (spec.method === 'getTaskResult' && typeof json.taskId !== 'number')
			problems.push('no taskId');
		if (figures.keyLeaks) problems.push(`key visible ${figures.keyLeaks}×`);
		return {
			figures,
			mismatch: problems.length
				? `${spec.code} on ${spec.method} (expected ${spec.expectCode}): ${problems.join('; ')}`
				: undefined,
		};
	});
}

async function mapLimit<T, R>(
	values: T[],
	limit: number,
	fn: (value: T) => Promise<R>,
): Promise<R[]> {
	const results: R[] = new Array(values.length);
	let next = 0;
	const lane = async () => {
		while (next < values.length) {
			const index = next++;
			results[index] = await fn(values[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, values.length) }, lane));
	return results;
}

export const errorMapping: Scenario = {
	name: 'error-mapping',
	title:
		'Every code of ERROR_TABLE (and an unknown one) injected: the error item carries the code and the table hint',
	async run() {
		const cases = mappingCases();
		const outcomes = await mapLimit(cases, 12, runMappingCase);
		const sum = (key: keyof Figures) =>
			outcomes.reduce((total, outcome) => total + Number(outcome.figures[key]), 0);
		const mismatches = outcomes
			.map((outcome) => outcome.mismatch)
			.filter((m): m is string => m !== undefined);
		const figures: Figures = {
			scenario: 'error-mapping',
			items: cases.length,
			outputs: sum('outputs'),
			solved: sum('solved'),
			errorItems: sum('errorItems'),
			createTaskCalls: sum('createTaskCalls'),
			duplicateCreates: sum('duplicateCreates'),
			pollViolations: sum('pollViolations'),
			keyLeaks: sum('keyLeaks'),
			maxWallMs: Math.max(...outcomes.map((outcome) => outcome.figures.maxWallMs)),
			codes: Object.keys(ERROR_TABLE).length + 1,
			mismatches,
		};
		const expect = new Expect();
		expect.equal('outputs', figures.outputs, cases.length);
		expect.equal('errorItems', figures.errorItems, cases.length);
		for (const mismatch of mismatches) expect.that(mismatch, false);
		commonChecks(expect, figures);
		return { figures, deviations: expect.deviations };
	},
};

// ---- 7. n8n's Retry On Fail ----------------------------------------------------------------------

/** n8n's own node settings Retry On Fail, Max Tries 3, Wait Between Tries 1000 ms (n8n's default). */
const RETRY = { maxTries: 3, waitBetweenTries: 1000 };
/** Each try gives an item this long; n8n waits RETRY.waitBetweenTries between tries. */
const RETRY_TIMEOUT_S = 6;
/**
 * A captcha slower than two tries: try 1 gives up at about 5 s (the next check would fall after
 * its 6 s), try 2 runs from about 6 s to 11 s, try 3 from about 12 s — so the task, ready 14 s
 * after its creation, is picked up by the third try's check at about 15 s.
 */
const SLOW_SOLVE_MS = 14000;
const URL_OF_ITEM = '={{ $json.url }}';

/** A distinct websiteURL per item; a `sandbox:` directive in it steers that item's task. */
export function itemUrl(i: number, directive?: string): string {
	return `https://example.com/form?item=${i}${directive ? `&${directive}` : ''}`;
}

/** The CapMonster node, counting n8n's calls of it: one per try of Retry On Fail. */
function countingTries(): { nodeType: INodeType; tryStarts: number[] } {
	const CapMonster = loadNodeClass();
	const inner = new CapMonster();
	const tryStarts: number[] = [];
	const nodeType: INodeType = {
		description: inner.description,
		async execute(this: IExecuteFunctions) {
			tryStarts.push(Date.now());
			return await inner.execute.call(this);
		},
	};
	return { nodeType, tryStarts };
}

interface RetryCase {
	label: string;
	title: string;
	continueOnFail: boolean;
	/** The directive of item i's websiteURL, if any. */
	directive(i: number): string | undefined;
	faults: FaultRule[];
	/** The item that fails until the last try (or for good). */
	failingItem: number;
	/** Its final error code; undefined: it solves on the last try. */
	finalErrorCode?: string;
}

/**
 * - stop-on-fail: Continue On Fail off, item 2 slower than two tries: tries 1 and 2 end in a TIMEOUT
 *   node error (the other items solved at once), the third try solves it.
 * - continue-on-fail: Continue On Fail on, item 0 slow: n8n retries because the first output item
 *   is an error item; the third try solves it.
 * - unknown-outcome: Continue On Fail on, item 0's createTask is processed but its answer is a 502,
 *   so the task may exist and be charged: no try sends it again (CREATE_OUTCOME_UNKNOWN), the
 *   other items keep the tasks of the first try.
 */
export function retryCases(): RetryCase[] {
	return [
		{
			label: 'stop-on-fail',
			title: 'Continue On Fail off, item 2 slower than two tries',
			continueOnFail: false,
			directive: (i) => (i === 2 ? `sandbox:solve-ms=${SLOW_SOLVE_MS}` : undefined),
			faults: [],
			failingItem: 2,
		},
		{
			label: 'continue-on-fail',
			title: 'Continue On Fail on, item 0 (the first output item) slower than two tries',
			continueOnFail: true,
			directive: (i) => (i === 0 ? `sandbox:solve-ms=${SLOW_SOLVE_MS}` : undefined),
			faults: [],
			failingItem: 0,
		},
		{
			label: 'unknown-outcome',
			title: "Continue On Fail on, item 0's createTask answered with a 502 after it was processed",
			continueOnFail: true,
			directive: () => undefined,
			faults: [{ method: 'createTask', kind: 'http', status: 502, phase: 'after', count: 1 }],
			failingItem: 0,
			finalErrorCode: 'CREATE_OUTCOME_UNKNOWN',
		},
	];
}

function urlOfRequest(request: { body: unknown }): string {
	return String(
		(request.body as { task?: { websiteURL?: unknown } } | undefined)?.task?.websiteURL,
	);
}

async function runRetryCase(
	spec: RetryCase,
	count: number,
): Promise<{ figures: RunFigures; deviations: string[] }> {
	return await withSandbox({ solveMs: 50 }, async (sandbox) => {
		for (const rule of spec.faults) sandbox.addFault(rule);
		const urls = Array.from({ length: count }, (_, i) => itemUrl(i, spec.directive(i)));
		const { nodeType, tryStarts } = countingTries();
		const run = await runNode({
			parameters: createTaskParameters(
				{ timeout: RETRY_TIMEOUT_S, maxConcurrentTasks: count },
				{ websiteURL: URL_OF_ITEM },
			),
			credentials: credentials(sandbox),
			items: urls.map((url, i) => ({ json: { i, url } })),
			continueOnFail: spec.continueOnFail,
			retryOnFail: RETRY,
			nodeType,
		});
		const creates = sandbox.requests.filter((r) => r.method === 'createTask');
		const secondTry = tryStarts[1] ?? Infinity;
		const tries = tryStarts.length;
		const figures = {
			...figuresOf(`retry-on-fail/${spec.label}`, count, run, sandbox),
			tries,
			naiveCreates: tries * count,
			createsAfterFirstTry: creates.filter((r) => r.at >= secondTry).length,
			itemsSentTwice: creates.length - new Set(creates.map(urlOfRequest)).size,
		};
		const expect = new Expect();
		const what = (text: string) => `${spec.label}: ${text}`;
		expect.equal(what('tries'), tries, RETRY.maxTries);
		expect.equal(what('status'), run.status, 'success');
		expect.equal(what('outputs'), figures.outputs, count);
		expect.equal(what('createTaskCalls (one per item over all tries)'), creates.length, count);
		expect.equal(what('tasksCreated'), figures.tasksCreated, count);
		expect.equal(what('createTask calls after the first try'), figures.createsAfterFirstTry, 0);
		expect.equal(what('items whose createTask was sent twice'), figures.itemsSentTwice, 0);
		const faulted = creates.find((r) => r.fault);
		if (spec.faults.length)
			expect.equal(
				what("the faulted createTask was the failing item's"),
				faulted && urlOfRequest(faulted),
				urls[spec.failingItem],
			);
		for (const [index, item] of run.items.entries()) {
			if ((item.pairedItem as { item?: number } | undefined)?.item !== index) {
				expect.that(what(`item ${index} has pairedItem ${JSON.stringify(item.pairedItem)}`), false);
				break;
			}
			if (spec.finalErrorCode !== undefined && index === spec.failingItem) {
				expect.equal(what(`item ${index}: errorCode`), item.json.errorCode, spec.finalErrorCode);
				expect.that(
					what(`item ${index}: the error says the task may exist: ${show(item.json.description)}`),
					String(item.json.description).includes('may have been charged'),
				);
				continue;
			}
			// Solved with the task the first try created for this very item.
			const task = sandbox.tasks.get(Number(item.json.taskId));
			const ok =
				isSolved(item) &&
				task !== undefined &&
				task.task.websiteURL === urls[index] &&
				task.createdAt < secondTry;
			if (!ok) {
				expect.that(
					what(`item ${index} is not solved with its first-try task: ${JSON.stringify(item.json)}`),
					false,
				);
				break;
			}
		}
		expect.equal(
			what('solved'),
			figures.solved,
			spec.finalErrorCode === undefined ? count : count - 1,
		);
		commonChecks(expect, figures);
		return {
			figures,
			deviations: expect.deviations.map((d) => (d.startsWith(spec.label) ? d : what(d))),
		};
	});
}

export const retryOnFail: Scenario = {
	name: 'retry-on-fail',
	title:
		"n8n's Retry On Fail (3 tries), Continue On Fail off and on: no task created twice, the solved items keep the first try's tasks",
	async run(options = {}) {
		const count = options.short ? 5 : 20;
		const cases = retryCases();
		const outcomes = await Promise.all(cases.map(async (spec) => await runRetryCase(spec, count)));
		const sum = (key: keyof RunFigures) =>
			outcomes.reduce((total, outcome) => total + Number(outcome.figures[key]), 0);
		const runs: Record<string, unknown> = {};
		for (const [index, { figures }] of outcomes.entries()) {
			runs[cases[index].label] = { ...figures, scenario: undefined, title: cases[index].title };
		}
		const figures: Figures = {
			scenario: 'retry-on-fail',
			items: sum('items'),
			outputs: sum('outputs'),
			solved: sum('solved'),
			errorItems: sum('errorItems'),
			createTaskCalls: sum('createTaskCalls'),
			duplicateCreates: sum('duplicateCreates'),
			pollViolations: sum('pollViolations'),
			keyLeaks: sum('keyLeaks'),
			maxWallMs: Math.max(...outcomes.map((outcome) => outcome.figures.maxWallMs)),
			maxTries: RETRY.maxTries,
			tasksCreated: sum('tasksCreated'),
			naiveCreates: sum('naiveCreates'),
			runs,
		};
		return { figures, deviations: outcomes.flatMap((outcome) => outcome.deviations) };
	},
};

// ---- 8. the error output ---------------------------------------------------------------------------

type ItemKind = 'good' | 'unsolvable' | 'badUrl';

/** A fixed mix, not a plain rotation, so a shifted output order cannot pass by chance. */
const ERROR_OUTPUT_PATTERN: ItemKind[] = [
	'good',
	'unsolvable',
	'good',
	'badUrl',
	'good',
	'good',
	'unsolvable',
	'badUrl',
	'good',
	'unsolvable',
];

function errorOutputItem(i: number): { kind: ItemKind; url: string } {
	const kind = ERROR_OUTPUT_PATTERN[i % ERROR_OUTPUT_PATTERN.length];
	const url =
		kind === 'unsolvable'
			? itemUrl(i, 'sandbox:unsolvable')
			: kind === 'badUrl'
				? `example.com/form?item=${i}`
				: itemUrl(i);
	return { kind, url };
}

export const errorOutput: Scenario = {
	name: 'error-output',
	title:
		'On Error "Continue (using error output)" with mixed items: each item once, on the right output, in order, with pairedItem; error items carry errorCode, hint, description',
	async run(options = {}) {
		const count = options.short ? 10 : 50;
		return await withSandbox({ solveMs: 50 }, async (sandbox) => {
			const specs = Array.from({ length: count }, (_, i) => errorOutputItem(i));
			const run = await runNode({
				parameters: createTaskParameters({ maxConcurrentTasks: 10 }, { websiteURL: URL_OF_ITEM }),
				credentials: credentials(sandbox),
				items: specs.map(({ url }, i) => ({ json: { i, url } })),
				onError: 'continueErrorOutput',
			});
			const indexOf = (item: INodeExecutionData) =>
				(item.pairedItem as { item?: number } | undefined)?.item;
			const expected = (kind: 'success' | 'error') =>
				specs
					.map((spec, i) => ({ ...spec, i }))
					.filter((spec) => (spec.kind === 'good') === (kind === 'success'))
					.map((spec) => spec.i);
			const routed = [...run.items, ...run.errorItems].map(indexOf);
			const codes: Record<string, number> = {};
			for (const item of run.errorItems) {
				const code = String((item.json.error as IDataObject | undefined)?.errorCode);
				codes[code] = (codes[code] ?? 0) + 1;
			}
			const base = figuresOf('error-output', count, run, sandbox);
			const figures = {
				...base,
				outputs: run.items.length + run.errorItems.length,
				errorItems: run.errorItems.length,
				successOutput: run.items.length,
				errorOutput: run.errorItems.length,
				errorCodes: codes,
				itemsOnBothOutputs: routed.length - new Set(routed).size,
			};
			const expect = new Expect();
			expect.equal('status', run.status, 'success');
			expect.equal('outputs', figures.outputs, count);
			expect.equal('itemsOnBothOutputs', figures.itemsOnBothOutputs, 0);
			expect.equal(
				'success output (pairedItem, in order)',
				JSON.stringify(run.items.map(indexOf)),
				JSON.stringify(expected('success')),
			);
			expect.equal(
				'error output (pairedItem, in order)',
				JSON.stringify(run.errorItems.map(indexOf)),
				JSON.stringify(expected('error')),
			);
			expect.equal('solved', figures.solved, expected('success').length);
			expect.that(
				'every success item is solved with the task of its own websiteURL',
				run.items.every(
					(item) =>
						isSolved(item) &&
						sandbox.tasks.get(Number(item.json.taskId))?.task.websiteURL ===
							specs[indexOf(item) ?? -1]?.url,
				),
			);
			const unsolvableHint = ERROR_TABLE.ERROR_CAPTCHA_UNSOLVABLE.hint;
			for (const item of run.errorItems) {
				const index = indexOf(item) ?? -1;
				const spec = specs[index];
				const error = item.json.error as IDataObject | undefined;
				const problems: string[] = [];
				if (Object.keys(item.json).join() !== 'error') problems.push('json is not just { error }');
				if (typeof error !== 'object' || error === null) problems.push('error is not an object');
				else {
					if (typeof error.message !== 'string' || error.message === '')
						problems.push('no message');
					if (typeof error.description !== 'string') problems.push('no description');
					if (typeof error.hint !== 'string' || error.hint === '') problems.push('no hint');
					if (spec?.kind === 'unsolvable') {
						if (error.errorCode !== 'ERROR_CAPTCHA_UNSOLVABLE') problems.push('errorCode');
						if (error.hint !== unsolvableHint) problems.push('not the table hint');
						if (sandbox.tasks.get(Number(error.taskId))?.task.websiteURL !== spec.url)
							problems.push('taskId is not its task');
					} else {
						if (error.errorCode !== 'INVALID_INPUT') problems.push('errorCode');
						if (!String(error.message).includes('Website URL')) problems.push('names no field');
						if (error.taskId !== undefined) problems.push('has a taskId');
					}
				}
				if (problems.length) {
					expect.that(
						`error item ${index} (${spec?.kind}): ${problems.join(', ')}: ${JSON.stringify(item.json)}`,
						false,
					);
					break; // one example is enough
				}
			}
			const sent = sandbox.requests.filter((r) => r.method === 'createTask').map(urlOfRequest);
			expect.equal(
				'createTaskCalls (none for the invalid URLs)',
				figures.createTaskCalls,
				specs.filter((spec) => spec.kind !== 'badUrl').length,
			);
			expect.equal(
				'createTask sent for an invalid URL',
				sent.filter((url) => !url.startsWith('https://')).length,
				0,
			);
			commonChecks(expect, figures);
			return { figures, deviations: expect.deviations };
		});
	},
};

export const SCENARIOS: Scenario[] = [
	transientFaults,
	zeroBalance,
	serverStops,
	cancelled,
	wrongKey,
	errorMapping,
	retryOnFail,
	errorOutput,
];
