/**
 * State shared by the items of one node execution, and only by them: the connection (credentials
 * decrypted once), the cancel/stop signal, the createTask back-off gate and the ids of created tasks.
 * Nothing here outlives execute() but what memory.ts keeps in the execution's own context data (the
 * tasks of n8n's earlier tries, and when each task was last checked), so queue-mode workers share nothing.
 */
import type { IContextObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { CREDENTIAL_TYPE, DEFAULT_BASE_URL, type CapMonsterConnection } from '../transport';
import { PollSpacing, TaskMemory } from './memory';
import { CREATE_SPACING_MS } from './timing';

export interface RunContext {
	connection: CapMonsterConnection;
	/** Resolves once the execution is cancelled or the node stops early; sleeps race against it. */
	halted: Promise<void>;
	isHalted(): boolean;
	/** Why the run stopped early: the user cancelled it, or an item failed (without Continue On Fail). */
	haltReason(): HaltReason | undefined;
	halt(reason: HaltReason): void;
	createGate: CreateGate;
	/** itemIndex → task id, so that a node error can name the tasks it leaves behind. */
	createdTasks: Map<number, number>;
	/** The tasks of n8n's earlier tries of this node run (Retry On Fail). */
	memory: TaskMemory;
	/** At least 2 s between two checks of one task, across items, runs and nodes of the execution. */
	pollSpacing: PollSpacing;
}

export type HaltReason = 'cancelled' | 'failure';

/** The keys under which the node keeps its memory in the execution's context data. */
const MEMORY_KEY = 'capMonsterTasks';
const POLLS_KEY = 'capMonsterPolls';

interface CapMonsterCredentials {
	apiKey: string;
	noCache?: boolean;
	baseUrl?: string;
	protocol?: string;
}

/** Operations that never call CapMonster (`usesCredential: false`) run without reading the credential. */
const NO_CREDENTIAL: CapMonsterCredentials = { apiKey: '' };

export async function createRunContext(
	this: IExecuteFunctions,
	{ credential = true }: { credential?: boolean } = {},
): Promise<RunContext> {
	const data = credential
		? ((await this.getCredentials(CREDENTIAL_TYPE)) as unknown as CapMonsterCredentials)
		: NO_CREDENTIAL;
	const nodeCredential = this.getNode().credentials?.[CREDENTIAL_TYPE];
	const baseUrl = normalizeBaseUrl(this, data.baseUrl);

	let halt: (reason: HaltReason) => void = () => {};
	let haltReason: HaltReason | undefined;
	const haltedPromise = new Promise<void>((resolve) => {
		halt = (reason) => {
			haltReason ??= reason;
			resolve();
		};
	});
	const signal = this.getExecutionCancelSignal();
	if (signal?.aborted) halt('cancelled');
	signal?.addEventListener('abort', () => halt('cancelled'), { once: true });

	return {
		connection: {
			baseUrl,
			// Credentials saved before the option existed have no protocol: the JSON API.
			protocol: data.protocol === 'rucaptcha' ? 'rucaptcha' : 'json',
			credentials: {
				id: nodeCredential?.id ?? '',
				name: nodeCredential?.name ?? '',
				type: CREDENTIAL_TYPE,
				data: data as unknown as NonNullable<CapMonsterConnection['credentials']['data']>,
			},
		},
		halted: haltedPromise,
		isHalted: () => haltReason !== undefined,
		haltReason: () => haltReason,
		halt: (reason) => halt(reason),
		createGate: new CreateGate(),
		createdTasks: new Map(),
		memory: new TaskMemory(executionContext(this, 'node', MEMORY_KEY), runIndexOf(this)),
		pollSpacing: new PollSpacing(executionContext(this, 'flow', POLLS_KEY)),
	};
}

/**
 * The node's slot in the execution's context data: `getContext('node')` survives n8n's retries of a
 * node run, `getContext('flow')` is shared by every node of the execution. Hosts without it (a tool
 * call, say) get a slot of their own that lives as long as this run.
 */
function executionContext(
	ctx: IExecuteFunctions,
	type: 'node' | 'flow',
	key: string,
): IContextObject {
	const context = typeof ctx.getContext === 'function' ? ctx.getContext(type) : undefined;
	if (!context) return {};
	if (typeof context[key] !== 'object' || context[key] === null) context[key] = {};
	return context[key] as IContextObject;
}

/** Retries of one node run share its runIndex; the next run (a loop) has a new one. */
function runIndexOf(ctx: IExecuteFunctions): number {
	try {
		const runIndex = ctx.getWorkflowDataProxy(0).$runIndex;
		return typeof runIndex === 'number' ? runIndex : -1;
	} catch {
		return -1;
	}
}

/** Sleep that ends early when the run is halted. Returns false if it was halted. */
export async function pause(run: RunContext, ms: number): Promise<boolean> {
	if (run.isHalted()) return false;
	if (ms > 0) await Promise.race([sleep(ms), run.halted]);
	return !run.isHalted();
}

/**
 * When CapMonster says "no free slot" or "too many requests", every item's next createTask waits:
 * backing off the whole pool, not one item, is what actually lowers the load. In between, tasks are
 * created a few milliseconds apart: created in the same instant, they would also poll in the same
 * instant every 2 s, and each burst queues (at both ends) long enough to delay every later poll.
 */
export class CreateGate {
	private openAt = 0;

	private strikes = 0;

	private nextSlot = 0;

	/** Requests rejected together (they were in flight at once) count as one strike, not one each. */
	backOff(): number {
		const now = Date.now();
		if (now >= this.openAt) {
			this.strikes = Math.min(this.strikes + 1, 5);
			this.openAt = now + 1000 * 2 ** (this.strikes - 1);
		}
		return this.openAt - now;
	}

	succeeded(): void {
		this.strikes = 0;
	}

	/** Waits for the back-off, and keeps createTask calls CREATE_SPACING_MS apart. */
	async wait(run: RunContext): Promise<boolean> {
		const now = Date.now();
		const slot = Math.max(now, this.openAt, this.nextSlot);
		this.nextSlot = slot + CREATE_SPACING_MS;
		return await pause(run, slot - now);
	}
}

function normalizeBaseUrl(ctx: IExecuteFunctions, value: string | undefined): string {
	const raw = (value ?? '').trim() || DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new NodeOperationError(
			ctx.getNode(),
			'The Base URL in the CapMonster credential is not a valid URL',
			{
				description:
					'Use https://api.capmonster.cloud, or the http(s) URL of a compatible gateway or sandbox.',
			},
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new NodeOperationError(
			ctx.getNode(),
			'The Base URL in the CapMonster credential must start with http:// or https://',
			{
				description:
					'Use https://api.capmonster.cloud, or the http(s) URL of a compatible gateway or sandbox.',
			},
		);
	}
	return raw.replace(/\/+$/, '');
}
