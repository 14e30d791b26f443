/**
 * The sandbox's state and the service rules behind every front end: keys and balances, the task
 * table, creating (validation, billing, `sandbox:` directives), polling limits, settling, reports.
 * The JSON API (jsonApi.ts), the RuCaptcha endpoints (ruCaptchaApi.ts) and the demo site
 * (demoSite.ts) are views of this one state.
 *
 * Time is modelled with timestamps, not timers: a task is ready at `createdAt + solveMs` and its
 * status is computed when somebody looks (a poll, getBalance, stats). Only tasks with a
 * callbackUrl get a timer (callbacks.ts). 1000 concurrent tasks cost nothing while they wait.
 */
import { createHash } from 'node:crypto';
import type * as http from 'node:http';

import { sendCallback } from './callbacks';
import type { ApiError } from './errors';
import { apiError, describeError } from './errors';
import { createRng } from './fake';
import type { JsonObject } from './fields';
import { collectStrings, roundMoney, stableStringify } from './fields';
import { errorBody } from './http';
import type { ReportKind } from './taskTypes';
import type {
	FormSubmission,
	RequestLogEntry,
	ResolvedSandboxOptions,
	SandboxOptions,
	SandboxStats,
	SandboxTask,
	TaskReport,
} from './types';
import { DEFAULT_OPTIONS, definedOnly } from './types';
import { checkTask } from './validation';

export interface Auth {
	key: string;
	options: string[];
}

export type PollResult =
	| { kind: 'missing'; reason: string }
	| { kind: 'refused'; reason: string }
	| { kind: 'processing' | 'ready' | 'failed'; task: SandboxTask };

export interface CreateInput {
	clientKey: string;
	auth: Auth;
	task: unknown;
	request: unknown;
	protocol: SandboxTask['protocol'];
	callbackUrl?: string;
	nocacheParam?: boolean;
	requestWarnings: string[];
}

export class SandboxState {
	/** Callback and fault-delay timers; reset() and close() clear them. */
	readonly timers = new Set<NodeJS.Timeout>();
	readonly callbackRequests = new Set<http.ClientRequest>();
	opts: ResolvedSandboxOptions;
	rng: () => number;
	readonly balances = new Map<string, number>();
	readonly taskMap = new Map<number, SandboxTask>();
	/** Tasks not yet settled that will become ready at some point. */
	private readonly pending = new Set<SandboxTask>();
	private nextTaskId = 1000001;
	readonly requests: RequestLogEntry[] = [];
	readonly reports: TaskReport[] = [];
	readonly formSubmissions: FormSubmission[] = [];
	counters = this.freshCounters();
	private readonly createdBodies = new Set<string>();
	private readonly failedOnce = new Set<string>();
	/** Solution tokens handed out → task id, for the demo form. */
	readonly issuedTokens = new Map<string, number>();
	readonly usedTokens = new Set<string>();

	constructor(options: SandboxOptions) {
		this.opts = { ...DEFAULT_OPTIONS, ...definedOnly(options) };
		this.rng = createRng(this.opts.seed);
		this.restoreBalances();
	}

	stats(): SandboxStats {
		this.settleDue(Date.now());
		return { ...this.counters, balanceByKey: Object.fromEntries(this.balances) };
	}

	configure(options: Partial<SandboxOptions>): void {
		const changes = definedOnly(options);
		this.opts = { ...this.opts, ...changes };
		if (changes.keys) {
			for (const key of [...this.balances.keys()])
				if (!changes.keys.includes(key)) this.balances.delete(key);
			for (const key of changes.keys)
				if (!this.balances.has(key)) this.balances.set(key, this.opts.balance);
		}
		if (changes.balance !== undefined)
			for (const key of this.balances.keys()) this.balances.set(key, changes.balance);
		if (changes.seed !== undefined) this.rng = createRng(changes.seed);
	}

	setBalance(key: string, balance: number): void {
		if (!this.opts.keys.includes(key)) this.opts = { ...this.opts, keys: [...this.opts.keys, key] };
		this.balances.set(key, balance);
	}

	getBalance(key: string): number | undefined {
		this.settleDue(Date.now());
		return this.balances.get(key);
	}

	/** Forgets everything recorded; balances and the PRNG start again from the options. */
	reset(): void {
		this.requests.length = 0;
		this.reports.length = 0;
		this.formSubmissions.length = 0;
		this.taskMap.clear();
		this.pending.clear();
		this.createdBodies.clear();
		this.failedOnce.clear();
		this.issuedTokens.clear();
		this.usedTokens.clear();
		this.clearTimers();
		this.counters = this.freshCounters();
		this.rng = createRng(this.opts.seed);
		this.restoreBalances();
		// Task ids keep increasing so a stale poller from before the reset cannot hit a new task.
	}

	clearTimers(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	authenticate(clientKey: unknown): Auth | undefined {
		if (typeof clientKey !== 'string' || clientKey === '') return undefined;
		const [key, ...options] = clientKey.split('__');
		if (!this.balances.has(key)) return undefined;
		return { key, options: options.filter((option) => option !== '') };
	}

	/** Validation, billing and bookkeeping shared by createTask and in.php. */
	createTaskCore(input: CreateInput): { task: SandboxTask } | { error: ApiError } {
		const check = checkTask(input.task);
		if (!check.ok) return { error: check.error };
		const raw = check.view.raw;
		const now = Date.now();
		this.settleDue(now); // refunds of finished failed tasks count towards the balance
		const cost = roundMoney(this.opts.costPerTask * check.costUnits);
		const balance = this.balances.get(input.auth.key) ?? 0;
		if (balance < cost) return { error: apiError('ERROR_ZERO_BALANCE') };
		this.balances.set(input.auth.key, roundMoney(balance - cost));

		// Outcome control for tests: `sandbox:` directives anywhere in the task's strings.
		const strings = collectStrings(raw);
		const directives = strings.flatMap(
			(value) => value.match(/sandbox:[a-z-]+(?:=[A-Za-z0-9_]+)?/g) ?? [],
		);
		const bodyHash = createHash('sha1').update(stableStringify(raw)).digest('hex');
		let errorCode: string | undefined;
		const forced = directives
			.map((directive) => /^sandbox:error=([A-Za-z0-9_]+)$/.exec(directive))
			.find(Boolean);
		if (forced) errorCode = forced[1];
		else if (directives.includes('sandbox:unsolvable')) errorCode = 'ERROR_CAPTCHA_UNSOLVABLE';
		else if (directives.includes('sandbox:unsolvable-once') && !this.failedOnce.has(bodyHash)) {
			this.failedOnce.add(bodyHash);
			errorCode = 'ERROR_CAPTCHA_UNSOLVABLE';
		}
		const solveOverride = directives
			.map((directive) => /^sandbox:solve-ms=(\d+)$/.exec(directive))
			.find(Boolean);
		const solveMs = solveOverride ? Number(solveOverride[1]) : this.opts.solveMs;
		const never = directives.includes('sandbox:never');

		const id = this.nextTaskId++;
		const { declaration, variant, view } = check;
		const taskUserAgent = view.str('userAgent');
		const solution = errorCode
			? undefined
			: (variant?.solve ?? declaration.solve ?? (() => ({})))({
					task: view,
					variant: variant?.name,
					userAgent: taskUserAgent ?? this.opts.userAgent,
					taskId: id,
				});
		const task: SandboxTask = {
			id,
			protocol: input.protocol,
			clientKey: input.clientKey,
			key: input.auth.key,
			keyOptions: input.auth.options,
			type: String(view.get('type')),
			declaredType: declaration.type,
			class: declaration.class,
			variant: variant?.name,
			kind: declaration.kind,
			request: input.request,
			task: raw,
			callbackUrl: input.callbackUrl,
			nocache: {
				viaKeySuffix: input.auth.options.some((option) => option.toLowerCase() === 'nocache'),
				viaTaskField: view.get('nocache') === true,
				viaRuCaptchaParam: input.nocacheParam === true,
			},
			warnings: [...input.requestWarnings, ...check.warnings],
			directives,
			createdAt: now,
			solveMs,
			readyAt: never ? null : now + solveMs,
			status: 'processing',
			solution,
			errorCode,
			errorDescription: errorCode ? describeError(errorCode) : undefined,
			cost,
			refunded: false,
			polls: [],
			refusedPolls: 0,
			reports: [],
			callbacks: [],
		};
		this.taskMap.set(id, task);
		if (task.readyAt !== null) this.pending.add(task);
		this.counters.tasksCreated++;
		const duplicateKey = `${input.auth.key}\n${bodyHash}`;
		if (this.createdBodies.has(duplicateKey)) this.counters.duplicateCreates++;
		else this.createdBodies.add(duplicateKey);
		if (solution && declaration.kind === 'token')
			for (const value of collectStrings(solution))
				if (value.length >= 20 && value !== task.solution?.userAgent)
					this.issuedTokens.set(value, id);
		if (task.callbackUrl && task.readyAt !== null) this.scheduleCallback(task, task.readyAt - now);
		return { task };
	}

	/** The getTaskResult answer for a finished task (also the callback body). */
	resultBody(task: SandboxTask): JsonObject {
		if (task.status === 'failed')
			return errorBody(
				apiError(task.errorCode ?? 'ERROR_CAPTCHA_UNSOLVABLE', task.errorDescription),
			);
		return {
			errorId: 0,
			errorCode: null,
			errorDescription: null,
			status: 'ready',
			solution: task.solution,
			cost: task.cost,
			ip: `203.0.113.${(task.id % 250) + 1}`,
			createTime: Math.floor(task.createdAt / 1000),
			endTime: Math.floor((task.readyAt ?? task.createdAt) / 1000),
			solveCount: 1,
		};
	}

	findTask(key: string, taskId: unknown, now: number): SandboxTask | string {
		const id =
			typeof taskId === 'number'
				? taskId
				: typeof taskId === 'string' && /^\d+$/.test(taskId)
					? Number(taskId)
					: NaN;
		const task = this.taskMap.get(id);
		if (!task) return `No task with id ${String(taskId)}`;
		if (task.key !== key) return `Task ${id} belongs to another key`;
		if (now - task.createdAt > this.opts.resultTtlMs)
			return `Task ${id} has expired (results are kept ${this.opts.resultTtlMs} ms)`;
		return task;
	}

	/** One poll of a task, enforcing the per-task gap and count limits. */
	poll(key: string, taskId: unknown, now: number): PollResult {
		const found = this.findTask(key, taskId, now);
		if (typeof found === 'string') return { kind: 'missing', reason: found };
		const task = found;
		const previous = task.polls[task.polls.length - 1];
		task.polls.push(now);
		this.counters.maxPollsPerTask = Math.max(this.counters.maxPollsPerTask, task.polls.length);
		if (previous !== undefined)
			this.counters.minPollGapMs = Math.min(this.counters.minPollGapMs, now - previous);
		let refusal: string | undefined;
		if (task.polls.length > this.opts.maxPolls)
			refusal = `Task ${task.id} was polled more than ${this.opts.maxPolls} times`;
		else if (previous !== undefined && now - previous < this.opts.minPollGapMs)
			refusal = `Task ${task.id} polled ${now - previous} ms after the previous poll; wait at least ${this.opts.minPollGapMs} ms`;
		if (refusal) {
			task.refusedPolls++;
			this.counters.pollViolations++;
			return { kind: 'refused', reason: refusal };
		}
		this.settle(task, now);
		if (task.status === 'processing') return { kind: 'processing', task };
		task.deliveredAt ??= now;
		return { kind: task.status, task };
	}

	/** Moves a due task to its final status; failed tasks are refunded (ERROR_TOKEN_EXPIRED is charged, https://docs.capmonster.cloud/docs/api/api-errors/). */
	settle(task: SandboxTask, now: number): void {
		if (task.status !== 'processing' || task.readyAt === null || now < task.readyAt) return;
		this.pending.delete(task);
		if (!task.errorCode) {
			task.status = 'ready';
			return;
		}
		task.status = 'failed';
		if (task.errorCode !== 'ERROR_TOKEN_EXPIRED' && this.balances.has(task.key)) {
			this.balances.set(task.key, roundMoney((this.balances.get(task.key) ?? 0) + task.cost));
			task.refunded = true;
		}
	}

	settleDue(now: number): void {
		for (const task of this.pending) this.settle(task, now);
	}

	/** Records a bad-answer report; returns why it was refused, if it was. */
	recordReport(
		key: string,
		taskId: unknown,
		kind: ReportKind | undefined,
		method: string,
	): string | undefined {
		const now = Date.now();
		const found = this.findTask(key, taskId, now);
		if (typeof found === 'string') return found;
		this.settle(found, now);
		if (found.status === 'processing') return `Task ${found.id} is not ready yet`;
		if (found.status === 'failed')
			return `Task ${found.id} ended with ${found.errorCode}; there is no answer to report`;
		if (kind !== undefined && found.kind !== kind)
			return `${method} is for ${kind} tasks, but task ${found.id} (${found.declaredType}) is a ${found.kind} task`;
		const report: TaskReport = { taskId: found.id, kind: found.kind, method, at: now };
		found.reports.push(report);
		this.reports.push(report);
		this.counters.reports++;
		return undefined;
	}

	private scheduleCallback(task: SandboxTask, inMs: number): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			this.settle(task, Date.now());
			// Like getTaskResult: no taskId in it.
			sendCallback(task, this.resultBody(task), this.callbackRequests);
		}, inMs);
		this.timers.add(timer);
	}

	private restoreBalances(): void {
		this.balances.clear();
		for (const key of this.opts.keys) this.balances.set(key, this.opts.balance);
	}

	private freshCounters(): Omit<SandboxStats, 'balanceByKey'> {
		return {
			requests: 0,
			createTaskCalls: 0,
			tasksCreated: 0,
			getTaskResultCalls: 0,
			pollViolations: 0,
			maxPollsPerTask: 0,
			minPollGapMs: Infinity,
			duplicateCreates: 0,
			reports: 0,
		};
	}
}
