/**
 * Just enough of n8n's internal REST API (the one the editor uses) for the tooling: set up the
 * owner account, log in, and read executions back (status + run data) after `n8n start` ran
 * them — `n8n execute` cannot be used for executions that wait for a webhook or run on a worker.
 */
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type { ExecutionRun, N8nInstall } from './n8n';

export const OWNER = {
	email: 'owner@capmonster.test',
	firstName: 'Cap',
	lastName: 'Monster',
	// n8n wants 8+ characters with a number and an upper-case letter.
	password: 'CapMonster-e2e-1',
};

/**
 * n8n binds the auth cookie to a `browser-id` header (the editor sends a random id kept in
 * localStorage). REST calls from here send a fixed one; the browser test reuses it.
 */
export const BROWSER_ID = 'capmonster-e2e-browser-id';

export interface ExecutionSummary {
	id: string;
	status?: string;
	finished?: boolean;
	mode?: string;
	workflowId?: string;
	startedAt?: string;
	stoppedAt?: string | null;
}

export class N8nRest {
	private cookie = '';

	constructor(
		readonly baseUrl: string,
		private readonly install: N8nInstall,
	) {}

	get authCookie(): string {
		return this.cookie;
	}

	private async call<T>(method: string, urlPath: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.baseUrl}/rest${urlPath}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': BROWSER_ID,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = res.headers.get('set-cookie');
		const m = setCookie?.match(/n8n-auth=([^;]+)/);
		if (m) this.cookie = `n8n-auth=${m[1]}`;
		const text = await res.text();
		if (!res.ok)
			throw new Error(`${method} /rest${urlPath} -> ${res.status}: ${text.slice(0, 500)}`);
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	/**
	 * Whether the instance has its owner already, from the settings the editor reads before anyone
	 * logs in (asking `/owner/setup` again would make n8n log a 400 "Instance owner already setup").
	 */
	async ownerExists(): Promise<boolean> {
		const settings = await this.call<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>(
			'GET',
			'/settings',
		);
		const showSetup = settings?.userManagement?.showSetupOnFirstLoad;
		if (typeof showSetup === 'boolean') return !showSetup;
		// Settings without that flag: an owner exists if we can log in as it.
		return this.login().then(
			() => true,
			() => false,
		);
	}

	/** Create the owner account (first start only) and keep its session cookie. */
	async setupOwner(): Promise<void> {
		await this.call('POST', '/owner/setup', OWNER);
		if (!this.cookie) await this.login();
	}

	async login(): Promise<void> {
		// 1.x/2.x call the field `emailOrLdapLoginId`; older 1.x used `email`. Send both.
		await this.call('POST', '/login', {
			emailOrLdapLoginId: OWNER.email,
			email: OWNER.email,
			password: OWNER.password,
		});
	}

	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await this.call<{ results?: ExecutionSummary[] } | ExecutionSummary[]>(
			'GET',
			`/executions?filter=${filter}&limit=20`,
		);
		return Array.isArray(data) ? data : (data.results ?? []);
	}

	/** One execution with its run data (n8n stores it in `flatted` format; decoded here). */
	async execution(id: string): Promise<ExecutionSummary & { run: ExecutionRun }> {
		const data = await this.call<
			ExecutionSummary & { data: string | ExecutionRun | ExecutionRun['data'] }
		>('GET', `/executions/${id}`);
		// `data` is the run data itself ({ resultData, … }); wrap it like `n8n execute` prints it.
		const runData = (
			typeof data.data === 'string' ? this.flatted().parse(data.data) : data.data
		) as ExecutionRun['data'] | ExecutionRun;
		const run: ExecutionRun =
			'resultData' in runData
				? { status: data.status, finished: data.finished, mode: data.mode, data: runData }
				: runData;
		return { ...data, run };
	}

	/** n8n's own copy of `flatted` (the format n8n stores run data in). */
	private flatted(): { parse(s: string): unknown } {
		const req = createRequire(path.join(this.install.dir, 'node_modules', 'n8n', 'package.json'));
		return req('flatted') as { parse(s: string): unknown };
	}
}
