/** Shared fixtures for engine tests: a sandbox per test file and realistic node parameters. */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox';
import { runNode, type CredentialData, type NodeRun, type RunNodeOptions } from './engine';

export const API_KEY = 'test-key';

export interface SandboxFixture {
	sandbox: Sandbox;
	credentials(overrides?: Partial<CredentialData>): CredentialData;
	run(parameters: INodeParameters, options?: Partial<RunNodeOptions>): Promise<NodeRun>;
}

/** Starts a sandbox before the file's tests, resets it before each test and closes it at the end. */
export function useSandbox(options: SandboxOptions = {}): SandboxFixture {
	const fixture = {} as SandboxFixture;
	beforeAll(async () => {
		fixture.sandbox = await startSandbox({ keys: [API_KEY], solveMs: 50, ...options });
	});
	beforeEach(() => {
		fixture.sandbox.reset();
		fixture.sandbox.configure({ solveMs: options.solveMs ?? 50 });
	});
	afterAll(async () => {
		await fixture.sandbox?.close();
	});
	fixture.credentials = (overrides = {}) => ({
		apiKey: API_KEY,
		noCache: false,
		baseUrl: fixture.sandbox.url,
		...overrides,
	});
	fixture.run = async (parameters, runOptions = {}) =>
		await runNode({ parameters, credentials: fixture.credentials(), ...runOptions });
	return fixture;
}

export function recaptchaV2(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'task',
		operation: 'create',
		taskType: 'recaptchaV2',
		websiteURL: 'https://shop.example.com/login',
		websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
		...overrides,
	};
}

export function items(
	count: number,
	make: (index: number) => INodeExecutionData['json'] = () => ({}),
): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({ json: make(index) }));
}

/** The createTask bodies the sandbox received. */
export function createBodies(
	sandbox: Sandbox,
): Array<{ clientKey?: string; task?: Record<string, unknown>; callbackUrl?: string }> {
	return sandbox.requests.filter((r) => r.method === 'createTask').map((r) => r.body as never);
}
