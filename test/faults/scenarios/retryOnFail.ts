/** Fault scenario: 7. n8n's Retry On Fail. */
import type { IExecuteFunctions, INodeType } from 'n8n-workflow';

import { loadNodeClass, runNode } from '../../helpers/engine';
import type { FaultRule } from '../../sandbox';
import {
	Figures,
	RunFigures,
	Scenario,
	Expect,
	show,
	withSandbox,
	credentials,
	createTaskParameters,
	isSolved,
	commonChecks,
	URL_OF_ITEM,
	itemUrl,
	urlOfRequest,
	figuresOf,
} from './shared';

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
