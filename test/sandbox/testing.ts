/**
 * What the sandbox's own tests share: one sandbox per test file on fast settings, reset before
 * each test, and small helpers that call it over real HTTP. The sandbox is what every other test,
 * benchmark and demo trusts, so its contract is pinned down in the *.test.ts files beside its parts.
 */
import axios, { type AxiosInstance } from 'axios';

import type { Sandbox, SandboxOptions } from './index';
import { renderCaptchaPng, startSandbox } from './index';

export type Json = Record<string, unknown>;

export const KEY = 'test-key';
export const OTHER_KEY = 'other-key';
/** Fast settings for tests that are not about timing limits. */
export const FAST: SandboxOptions = {
	keys: [KEY, OTHER_KEY],
	balance: 10,
	costPerTask: 0.0006,
	solveMs: 20,
	minPollGapMs: 0,
	maxPolls: 120,
	resultTtlMs: 300000,
};

export const sleep = (ms: number): Promise<void> =>
	new Promise((resolve) => setTimeout(resolve, ms));
export const png = renderCaptchaPng('SANDBOX');
export const pngBase64 = png.toString('base64');
export const proxy = {
	proxyType: 'http',
	proxyAddress: '203.0.113.10',
	proxyPort: 8080,
	proxyLogin: 'u',
	proxyPassword: 'p',
};
export const html = (text: string): string =>
	Buffer.from(`<html><head><title>${text}</title></head></html>`).toString('base64');

export async function call(method: string, body: unknown): Promise<Json> {
	const response = await api.post(`/${method}`, body);
	return response.data as Json;
}
export async function create(task: Json, extra: Json = {}, clientKey = KEY): Promise<Json> {
	return call('createTask', { clientKey, task, ...extra });
}
export async function createOk(task: Json, extra: Json = {}): Promise<number> {
	const response = await create(task, extra);
	expect(response).toEqual({ errorId: 0, taskId: expect.any(Number) });
	return response.taskId as number;
}
/** Polls (with minPollGapMs 0) until the task is no longer processing. */
export async function result(taskId: number, clientKey = KEY): Promise<Json> {
	for (let i = 0; i < 200; i++) {
		const response = await call('getTaskResult', { clientKey, taskId });
		if (response.status !== 'processing') return response;
		await sleep(10);
	}
	throw new Error(`task ${taskId} never finished`);
}
export async function solve(task: Json): Promise<Json> {
	const response = await result(await createOk(task));
	expect(response).toMatchObject({ errorId: 0, status: 'ready' });
	return response.solution as Json;
}
export const v2 = (extra: Json = {}): Json => ({
	type: 'RecaptchaV2Task',
	websiteURL: 'https://example.com/login',
	websiteKey: '6Le-site-key',
	...extra,
});

export let sandbox: Sandbox;
export let api: AxiosInstance;

/** Starts the file's sandbox before its tests, closes it after, and resets it before each test. */
export function useSandbox(): void {
	beforeAll(async () => {
		sandbox = await startSandbox(FAST);
		api = axios.create({ baseURL: sandbox.url, validateStatus: () => true, timeout: 5000 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => {
		sandbox.configure(FAST);
		sandbox.reset();
	});
}
