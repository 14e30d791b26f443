/**
 * State shared by the items of one node execution, and only by them: the connection (credentials
 * decrypted once), the cancel/stop signal, the createTask back-off gate and the ids of created tasks.
 * Nothing here outlives execute(), so queue-mode workers share nothing.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { CREDENTIAL_TYPE, DEFAULT_BASE_URL, type CapMonsterConnection } from '../transport';
import { CREATE_SPACING_MS } from './timing';

export interface RunContext {
	connection: CapMonsterConnection;
	/** Resolves once the execution is cancelled or the node stops early; sleeps race against it. */
	halted: Promise<void>;
	isHalted(): boolean;
	halt(): void;
	createGate: CreateGate;
	/** itemIndex → task id, so that a node error can name the tasks it leaves behind. */
	createdTasks: Map<number, number>;
}

interface CapMonsterCredentials {
	apiKey: string;
	noCache?: boolean;
	baseUrl?: string;
	protocol?: string;
}

export async function createRunContext(this: IExecuteFunctions): Promise<RunContext> {
	const data = (await this.getCredentials(CREDENTIAL_TYPE)) as unknown as CapMonsterCredentials;
	const nodeCredential = this.getNode().credentials?.[CREDENTIAL_TYPE];
	const baseUrl = normalizeBaseUrl(this, data.baseUrl);

	let halt: () => void = () => {};
	let halted = false;
	const haltedPromise = new Promise<void>((resolve) => {
		halt = () => {
			halted = true;
			resolve();
		};
	});
	const signal = this.getExecutionCancelSignal();
	if (signal?.aborted) halt();
	signal?.addEventListener('abort', () => halt(), { once: true });

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
		isHalted: () => halted,
		halt: () => halt(),
		createGate: new CreateGate(),
		createdTasks: new Map(),
	};
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
