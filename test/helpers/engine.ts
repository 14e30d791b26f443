/**
 * Runs the CapMonster node inside n8n-core's real WorkflowExecute: real parameter resolution,
 * real expressions, real request helpers (HTTP goes to the sandbox on 127.0.0.1), real
 * credential authentication (the credential's own authenticate function, called as n8n's CredentialsHelper calls it).
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { CapMonsterApi } from '../../credentials/CapMonsterApi.credentials';

// `CapMonster.node` would resolve to the codex file CapMonster.node.json under plain Node resolution
// (ts-node scripts), so the TypeScript source is named explicitly.
const { CapMonster } =
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	require('../../nodes/CapMonster/CapMonster.node.ts') as typeof import('../../nodes/CapMonster/CapMonster.node');

/** The node class, for tests that read its description. */
export function loadNodeClass(): typeof CapMonster {
	return CapMonster;
}

export const NODE_NAME = 'CapMonster';
const credentialType = new CapMonsterApi();

export interface CredentialData {
	apiKey: string;
	noCache?: boolean;
	baseUrl: string;
	protocol?: 'json' | 'rucaptcha';
}

/** Authenticates as n8n's own CredentialsHelper does for a credential whose `authenticate` is a function. */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = credentialTypeByName(typeName);
		if (typeof authenticate !== 'function')
			throw new Error('The harness only runs function-type authenticate');
		return await authenticate(credentials, requestOptions);
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return { ...this.data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): [] {
		return [];
	}

	/**
	 * n8n-core 2.41 asks this before handing credentials to a node (a credential type may restrict
	 * the nodes that use it); the CapMonster credential declares no such restriction.
	 */
	isCredentialUsableByNode(): boolean {
		return true;
	}
}

function credentialTypeByName(name: string): ICredentialType {
	if (name !== credentialType.name) throw new Error(`Unknown credential type ${name}`);
	return credentialType;
}

class SingleNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(name: string): INodeType {
		return this.types[name];
	}

	getByNameAndVersion(name: string): INodeType {
		return this.types[name];
	}

	getKnownTypes() {
		return {};
	}
}

export interface RunNodeOptions {
	parameters: INodeParameters;
	credentials: CredentialData;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** The node's "On Error" setting; `continueOnFail: true` is the same as 'continueRegularOutput'. */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** n8n's own "Retry On Fail" node setting. */
	retryOnFail?: { maxTries: number; waitBetweenTries?: number };
	/** Cancel the execution (as the Stop button does) after this many ms. */
	cancelAfterMs?: number;
	/** Another node type to run instead of CapMonster (the credential-test emulation). */
	nodeType?: INodeType;
	/** Run the node with no credential selected (operations that do not need one). */
	withoutCredential?: boolean;
}

export interface NodeRun {
	status: IRun['status'];
	/** The node's output items (main output 0). */
	items: INodeExecutionData[];
	/** The items n8n routed to the error output (On Error: "Continue (using error output)"). */
	errorItems: INodeExecutionData[];
	/** The node's error as stored in the run data (a plain object, as n8n stores it). */
	error?: IDataObject;
	run: IRun;
	/** Wall time of the execution. */
	ms: number;
}

export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
	const typeName = 'n8n-nodes-capmonster.capMonster';
	const node: INode = {
		id: 'capmonster-node',
		name: NODE_NAME,
		type: typeName,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		...(options.withoutCredential
			? {}
			: { credentials: { capMonsterApi: { id: 'cred-1', name: 'CapMonster sandbox' } } }),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.onError ? { onError: options.onError } : {}),
		...(options.retryOnFail
			? {
					retryOnFail: true,
					maxTries: options.retryOnFail.maxTries,
					waitBetweenTries: options.retryOnFail.waitBetweenTries ?? 0,
				}
			: {}),
	};
	const nodeTypes = new SingleNodeTypes({ [typeName]: options.nodeType ?? new CapMonster() });
	const workflowData: IWorkflowBase = {
		id: 'wf-1',
		name: 'engine test',
		active: false,
		isArchived: false,
		nodes: [node],
		connections: {},
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: [node],
		connections: {},
		nodeTypes,
		active: false,
		settings: {},
	});

	const mode: WorkflowExecuteMode = 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'exec-1', workflowData);
	let settle: { resolve: (run: IRun) => void; reject: (error: unknown) => void } | undefined;
	const finished = new Promise<IRun>((resolve, reject) => {
		settle = { resolve, reject };
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
	});
	const additionalData = {
		executionId: 'exec-1',
		hooks,
		credentialsHelper: new TestCredentialsHelper(
			options.credentials as unknown as ICredentialDataDecryptedObject,
		),
		variables: {},
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData: IRunExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			nodeExecutionStack: [
				{ node, data: { main: [options.items ?? [{ json: {} }]] }, source: null },
			],
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;

	const started = Date.now();
	const execution = new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	if (options.cancelAfterMs !== undefined) {
		setTimeout(() => execution.cancel(), options.cancelAfterMs);
	}
	execution.then(settle!.resolve, settle!.reject);
	const run = await finished;
	const ms = Date.now() - started;
	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	return {
		status: run.status,
		items: (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[],
		errorItems: (taskData?.data?.main?.[1] ?? []) as INodeExecutionData[],
		error: (taskData?.error ?? run.data.resultData.error) as IDataObject | undefined,
		run,
		ms,
	};
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Tests the credential the way n8n's CredentialsTester does: a throw-away declarative node whose one
 * property routes the credential's test request (through the real RoutingNode, with the credential's
 * own authenticate), then the `responseSuccessBody` rules, where a match means failure.
 */
export async function testCredential(data: CredentialData): Promise<CredentialTestResult> {
	const testNode: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Credential Test' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: credentialType.test.request },
				},
			],
		},
	};
	const run = await runNode({ parameters: { temp: '' }, credentials: data, nodeType: testNode });
	if (run.status !== 'success') return { status: 'Error', message: String(run.error?.message) };
	const body = run.items[0]?.json as IDataObject;
	for (const rule of credentialType.test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		if (body[rule.properties.key] === rule.properties.value)
			return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** Serialises everything a user could see of a run, for "the key never appears" checks. */
export function everythingVisible(run: NodeRun): string {
	return JSON.stringify(run.run, (_key, value: unknown) =>
		value instanceof Error
			? {
					...value,
					message: value.message,
					stack: value.stack,
					description: (value as { description?: string }).description,
				}
			: value,
	);
}
