/**
 * The example workflows in `examples/` and the credentials they reference, prepared for a
 * particular sandbox (or the real CapMonster Cloud).
 *
 * The examples contain the placeholder base URL `http://127.0.0.1:8089` (the sandbox started
 * with `npm run sandbox -- --port 8089`); `loadExample()` rewrites it to the URL of the sandbox
 * a script actually started.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CredentialFixture } from './n8n';
import { CREDENTIAL_TYPE, REPO_ROOT } from './pkg';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const PLACEHOLDER_URL = 'http://127.0.0.1:8089';

/** Credential ids/names the examples reference (n8n ids are 16 characters). */
export const SANDBOX_CREDENTIAL = { id: 'cmSandboxCred001', name: 'CapMonster sandbox' };
export const FAILING_CREDENTIAL = { id: 'cmFailingCred001', name: 'CapMonster (failing key)' };

export const WORKFLOW_IDS = {
	solveAndSubmit: 'cmSolveSubmit001',
	imageFromBinary: 'cmImageBinary001',
	asyncWithWait: 'cmAsyncWait00001',
	failurePath: 'cmFailurePath001',
	failurePathContinue: 'cmFailureCof0001',
	/** Not an example file: solve-and-submit with a Webhook trigger, for queue mode. */
	solveAndSubmitWebhook: 'cmSolveQueue0001',
} as const;

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	onError?: string;
	[k: string]: unknown;
}

export interface Workflow {
	id: string;
	name: string;
	active?: boolean;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
	settings?: Record<string, unknown>;
	[k: string]: unknown;
}

/** `examples/<file>` with the placeholder URL replaced by `baseUrl`. */
export function loadExample(file: string, baseUrl: string): Workflow {
	const text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
	return JSON.parse(text.split(PLACEHOLDER_URL).join(baseUrl.replace(/\/+$/, ''))) as Workflow;
}

export function credential(
	which: { id: string; name: string },
	baseUrl: string,
	apiKey: string,
): CredentialFixture {
	return {
		id: which.id,
		name: which.name,
		type: CREDENTIAL_TYPE,
		data: { apiKey, noCache: false, baseUrl },
	};
}

export const QUEUE_WEBHOOK_PATH = 'capmonster-solve-and-submit';

/**
 * Solve-and-submit with its Manual Trigger swapped for a Webhook (queue mode runs executions
 * on a worker only for production triggers, and `n8n execute` never uses the queue).
 * The webhook answers at once ("Workflow was started"); the result is read from the execution.
 */
export function solveAndSubmitWithWebhook(baseUrl: string): Workflow {
	const wf = loadExample('solve-and-submit.json', baseUrl);
	wf.id = WORKFLOW_IDS.solveAndSubmitWebhook;
	wf.name = 'CapMonster: solve and submit (webhook trigger, queue mode)';
	const start = wf.nodes.find((n) => n.name === 'Start');
	if (!start) throw new Error('solve-and-submit.json has no "Start" node');
	Object.assign(start, {
		name: 'Start',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: '0f6c3a8e-5b8d-4d3c-9a11-c4b1a5e0a001',
		parameters: {
			httpMethod: 'POST',
			path: QUEUE_WEBHOOK_PATH,
			responseMode: 'onReceived',
			options: {},
		},
	});
	return wf;
}

/**
 * Solve-and-submit for the real CapMonster Cloud (demo with CAPMONSTER_API_KEY): the vendor's
 * demo page instead of the sandbox, and without the form submission (the sandbox's form would
 * not know a real token).
 */
export function solveOnlyForCloud(pageUrl: string, siteKey: string): Workflow {
	const wf = loadExample('solve-and-submit.json', PLACEHOLDER_URL);
	wf.id = 'cmSolveCloud0001';
	wf.name = 'CapMonster: solve reCAPTCHA v2 (CapMonster Cloud demo)';
	const keep = new Set(['Start', 'Solve reCAPTCHA']);
	wf.nodes = wf.nodes.filter((n) => keep.has(n.name));
	const solve = wf.nodes.find((n) => n.name === 'Solve reCAPTCHA')!;
	solve.parameters.websiteURL = pageUrl;
	solve.parameters.websiteKey = siteKey;
	wf.connections = { Start: wf.connections.Start };
	return wf;
}
