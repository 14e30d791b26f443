/** What every fault scenario shares: the result shapes, the sandbox set-up and the figures and checks each run is judged by. */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ERROR_TABLE } from '../../../nodes/CapMonster/transport/errors';
import { everythingVisible, type NodeRun } from '../../helpers/engine';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';

export const FAULT_KEY = 'fault-key-9d1e7c';
export const SITE_KEY = '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-';
/** A distinct websiteURL per item, so the sandbox's duplicate-create detection means something. */
export const ITEM_URL = '={{ "https://example.com/form?item=" + $json.i }}';
/** The node's default Max Concurrent Tasks. */
export const DEFAULT_CONCURRENCY = 10;

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
export class Expect {
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

export function show(value: unknown): string {
	return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export const sleep = async (ms: number) =>
	await new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withSandbox<T>(
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

export function credentials(sandbox: Sandbox, apiKey = FAULT_KEY) {
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

export function isSolved(item: INodeExecutionData): boolean {
	return (
		item.json.status === 'ready' && typeof item.json.token === 'string' && item.json.token !== ''
	);
}

export function isErrorItem(item: INodeExecutionData): boolean {
	return typeof item.json.error === 'string';
}

export function errorCodes(run: NodeRun): Record<string, number> {
	const codes: Record<string, number> = {};
	for (const item of run.items.filter(isErrorItem)) {
		const code = String(item.json.errorCode);
		codes[code] = (codes[code] ?? 0) + 1;
	}
	return codes;
}

/** The common figures of one run against one sandbox. */
export function figuresOf(
	scenario: string,
	items: number,
	run: NodeRun,
	sandbox: Sandbox,
): RunFigures {
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
export function commonChecks(expect: Expect, figures: Figures): void {
	expect.equal('duplicateCreates', figures.duplicateCreates, 0);
	expect.equal('pollViolations', figures.pollViolations, 0);
	expect.equal('keyLeaks', figures.keyLeaks, 0);
}

export function checkErrorItems(expect: Expect, run: NodeRun, code: string, what = code): void {
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

export const URL_OF_ITEM = '={{ $json.url }}';

/** A distinct websiteURL per item; a `sandbox:` directive in it steers that item's task. */
export function itemUrl(i: number, directive?: string): string {
	return `https://example.com/form?item=${i}${directive ? `&${directive}` : ''}`;
}

export function urlOfRequest(request: { body: unknown }): string {
	return String(
		(request.body as { task?: { websiteURL?: unknown } } | undefined)?.task?.websiteURL,
	);
}
