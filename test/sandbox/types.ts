/** The sandbox's public types and default options (the contract of `startSandbox`). */
import type { FaultRule } from './faults';
import type { JsonObject } from './fields';
import type { ReportKind, Solution } from './taskTypes';

export interface SandboxOptions {
	/** Interface to bind (default 127.0.0.1). */
	host?: string;
	/** 0 = ephemeral (default). */
	port?: number;
	/** Accepted API keys (default ['test-key']). Suffixes after `__` are options (nocache, …). */
	keys?: string[];
	/** Starting balance of every key, USD (default 10). */
	balance?: number;
	/** Reserved at createTask, refunded when the task ends in an error (default 0.0006). */
	costPerTask?: number;
	/** Time from creation until a task is ready (default 50). */
	solveMs?: number;
	/** Polls of one task closer together than this are refused with ERROR_TOO_MUCH_REQUESTS (default 2000). */
	minPollGapMs?: number;
	/** Polls per task beyond this are refused (default 120). */
	maxPolls?: number;
	/** Results older than this answer ERROR_NO_SUCH_CAPCHA_ID (default 300000). */
	resultTtlMs?: number;
	/** Seed of the PRNG behind probabilistic faults and demo captcha texts. */
	seed?: number;
	/** The "actual" user agent served at /api/useragent/actual and bound into solutions. */
	userAgent?: string;
}
export type ResolvedSandboxOptions = Required<SandboxOptions>;

export const DEFAULT_USER_AGENT =
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36';

/** The site key shown on the demo page. */
export const DEMO_SITE_KEY = '6LeSandboxDemoSiteKey_0000000000000000000';

export const DEFAULT_OPTIONS: ResolvedSandboxOptions = {
	host: '127.0.0.1',
	port: 0,
	keys: ['test-key'],
	balance: 10,
	costPerTask: 0.0006,
	solveMs: 50,
	minPollGapMs: 2000,
	maxPolls: 120,
	resultTtlMs: 300000,
	seed: 20240601,
	userAgent: DEFAULT_USER_AGENT,
};

export interface RequestLogEntry {
	at: number;
	path: string;
	httpMethod: string;
	/** API method / route name: createTask, getTaskResult, in.php, demo/form, … */
	method: string;
	/** Parsed JSON (or in.php/res.php parameters, or the raw text if unparseable). */
	body: unknown;
	/** HTTP status sent; 0 while unanswered or when the socket was dropped. */
	status: number;
	/** Parsed JSON answer, or the raw text. */
	response?: unknown;
	fault?: FaultRule;
	/** Arrived while the sandbox was paused (never answered). */
	paused?: boolean;
	respondedAt?: number;
}

export type TaskStatus = 'processing' | 'ready' | 'failed';

export interface TaskReport {
	taskId: number;
	kind: ReportKind;
	/** The method used: reportIncorrectImageCaptcha, reportIncorrectTokenCaptcha, reportIncorrectRecaptcha, res.php:reportbad. */
	method: string;
	at: number;
}

export interface CallbackAttempt {
	url: string;
	at: number;
	status?: number;
	error?: string;
	body: unknown;
}

export interface SandboxTask {
	id: number;
	protocol: 'json' | 'rucaptcha';
	clientKey: string;
	/** The configured key (clientKey before the first `__`). */
	key: string;
	/** Key suffix options, e.g. ['nocache', 'recognizingthreshold_70']. */
	keyOptions: string[];
	/** task.type as sent. */
	type: string;
	/** Canonical type of the matching declaration. */
	declaredType: string;
	class?: string;
	variant?: string;
	kind: ReportKind;
	/** The full createTask body (or in.php parameters). */
	request: unknown;
	task: JsonObject;
	callbackUrl?: string;
	nocache: { viaKeySuffix: boolean; viaTaskField: boolean; viaRuCaptchaParam: boolean };
	/** Fields the declaration does not know, wrong JSON types, ignored proxy fields, … */
	warnings: string[];
	/** `sandbox:` directives found in the task. */
	directives: string[];
	createdAt: number;
	solveMs: number;
	/** When the task becomes ready (ms timestamp); null = never. */
	readyAt: number | null;
	status: TaskStatus;
	solution?: Solution;
	errorCode?: string;
	errorDescription?: string;
	cost: number;
	refunded: boolean;
	/** Timestamps of every poll (refused ones included). */
	polls: number[];
	refusedPolls: number;
	/** First poll that returned the final result (ready or error). */
	deliveredAt?: number;
	reports: TaskReport[];
	callbacks: CallbackAttempt[];
}

export interface FormSubmission {
	at: number;
	token?: string;
	accepted: boolean;
	reason?: string;
	taskId?: number;
	fields: Record<string, unknown>;
}

export interface SandboxStats {
	requests: number;
	createTaskCalls: number;
	tasksCreated: number;
	getTaskResultCalls: number;
	pollViolations: number;
	maxPollsPerTask: number;
	/** Smallest gap between two polls of one task (Infinity if no task was polled twice). */
	minPollGapMs: number;
	/** Successful creates whose key + task body equal an earlier successful create's. */
	duplicateCreates: number;
	reports: number;
	balanceByKey: Record<string, number>;
}

export interface Sandbox {
	readonly url: string;
	readonly port: number;
	readonly options: Readonly<ResolvedSandboxOptions>;
	readonly requests: RequestLogEntry[];
	readonly tasks: Map<number, SandboxTask>;
	readonly reports: TaskReport[];
	readonly formSubmissions: FormSubmission[];
	stats(): SandboxStats;
	configure(options: Partial<SandboxOptions>): void;
	setBalance(key: string, balance: number): void;
	getBalance(key: string): number | undefined;
	addFault(rule: FaultRule): FaultRule;
	clearFaults(): void;
	faults(): FaultRule[];
	pause(): void;
	resume(): void;
	reset(): void;
	close(): Promise<void>;
	/** Alias of close(). */
	stop(): Promise<void>;
}

/** The options without the keys whose value is undefined (so they do not override defaults). */
export function definedOnly(options: Partial<SandboxOptions>): Partial<SandboxOptions> {
	return Object.fromEntries(
		Object.entries(options).filter(([, value]) => value !== undefined),
	) as Partial<SandboxOptions>;
}
