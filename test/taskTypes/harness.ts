/**
 * Shared helpers of the task-type tests: run the node in n8n's engine against the sandbox and find
 * what reached the sandbox. One sandbox per test file; tests tell their requests apart by task id.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode, type NodeRun } from '../helpers/engine';
import { startSandbox, type Sandbox, type SandboxTask } from '../sandbox';

export const USER_AGENT =
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36';

/** A proxy as the node's Proxy Fields take it, and as the task must carry it. */
export const PROXY_PARAMETERS = {
	proxyInput: 'fields',
	proxyType: 'http',
	proxyAddress: '203.0.113.10',
	proxyPort: 8080,
	proxyLogin: 'proxyLoginHere',
	proxyPassword: 'proxyPasswordHere',
};
export const PROXY_FIELDS = {
	proxyType: 'http',
	proxyAddress: '203.0.113.10',
	proxyPort: 8080,
	proxyLogin: 'proxyLoginHere',
	proxyPassword: 'proxyPasswordHere',
};

/**
 * One sandbox for the whole test file, not reset between tests, so that at the end it can check that
 * no task of the file was polled more often than CapMonster allows.
 */
export function useFileSandbox(): { readonly sandbox: Sandbox } {
	const fixture = {} as { sandbox: Sandbox };
	beforeAll(async () => {
		fixture.sandbox = await startSandbox({ solveMs: 10 });
	});
	afterAll(async () => {
		expect(fixture.sandbox.stats().pollViolations).toBe(0);
		await fixture.sandbox.close();
	});
	return fixture;
}

export function createParameters(taskType: string, parameters: INodeParameters): INodeParameters {
	return { resource: 'task', operation: 'create', taskType, ...parameters };
}

export async function run(
	sandbox: Sandbox,
	taskType: string,
	parameters: INodeParameters,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {},
): Promise<NodeRun> {
	return await runNode({
		parameters: createParameters(taskType, parameters),
		credentials: { apiKey: 'test-key', baseUrl: sandbox.url },
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
}

export interface Solved {
	run: NodeRun;
	json: IDataObject;
	/** The sandbox's record of the task this run created. */
	record: SandboxTask;
	/** The `task` object of the createTask request, exactly as it arrived. */
	task: IDataObject;
}

/** Runs one item that must solve; returns its output and the sandbox's record of its task. */
export async function solve(
	sandbox: Sandbox,
	taskType: string,
	parameters: INodeParameters,
	items?: INodeExecutionData[],
): Promise<Solved> {
	const result = await run(sandbox, taskType, parameters, { items });
	if (result.error) throw new Error(`The node failed: ${JSON.stringify(result.error)}`);
	const json = result.items[0]?.json ?? {};
	const record = sandbox.tasks.get(Number(json.taskId));
	if (!record) throw new Error(`No sandbox task for output ${JSON.stringify(json)}`);
	const request = sandbox.requests.find(
		(entry) =>
			entry.method === 'createTask' &&
			(entry.response as IDataObject | undefined)?.taskId === record.id,
	);
	const body = (request?.body ?? record.request) as IDataObject;
	return { run: result, json, record, task: body.task as IDataObject };
}

/** The error message of a run that failed (or of item `index` with Continue On Fail). */
export function errorMessage(result: NodeRun, index = 0): string {
	if (result.error) return String(result.error.message ?? '');
	return String(result.items[index]?.json.error ?? '');
}

/** A PNG-like payload of `bytes` bytes as base64 (the node and the sandbox only check size and encoding). */
export function fakeImage(bytes = 600, seed = 1): string {
	const buffer = Buffer.alloc(bytes);
	buffer.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	for (let i = 8; i < bytes; i++) buffer[i] = (i * 31 + seed * 17) % 256;
	return buffer.toString('base64');
}

export function binaryItem(base64: string, name = 'data'): INodeExecutionData {
	return {
		json: {},
		binary: { [name]: { data: base64, mimeType: 'image/png', fileName: 'c.png' } },
	};
}
