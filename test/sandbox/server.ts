/**
 * A local stand-in for the CapMonster Cloud JSON API (plus the RuCaptcha-compatible in.php /
 * res.php and a tiny demo "website"), so every test, benchmark and demo of the node runs without
 * network access or a real key.
 *
 * Design notes:
 * - Time is modelled with timestamps, not timers: a task is ready at `createdAt + solveMs` and
 *   its status is computed when somebody looks (a poll, getBalance, stats). Only tasks with a
 *   callbackUrl get a timer. 1000 concurrent tasks cost nothing while they wait.
 * - The service's rules the node must respect are enforced and counted: ≥ minPollGapMs between
 *   polls of one task, at most maxPolls polls per task, results expire after resultTtlMs.
 * - Everything is recorded (requests, tasks with their polls, reports, callbacks, demo form
 *   submissions) for tests to assert on, in-process or over the /__control endpoints.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { normaliseCaptchaText, randomCaptchaText, renderCaptchaPng } from './captchaImage';
import { demoPageHtml } from './demoPages';
import type { ApiError } from './errors';
import { apiError, describeError } from './errors';
import { createRng } from './fake';
import type { FaultRule } from './faults';
import { FaultSet } from './faults';
import type { JsonObject } from './fields';
import { collectStrings, isPlainObject, jsonTypeOf, roundMoney, stableStringify } from './fields';
import type { RuParams } from './rucaptcha';
import { ruCaptchaAnswer, ruCaptchaTask, ruReply } from './rucaptcha';
import type { ReportKind, Solution } from './taskTypes';
import { checkTask, isHttpUrl } from './validation';

// ---- public types ---------------------------------------------------------------------------

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

const DEFAULT_OPTIONS: ResolvedSandboxOptions = {
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

// ---- implementation -------------------------------------------------------------------------

const JSON_METHODS: Record<string, string> = {
	'/createtask': 'createTask',
	'/gettaskresult': 'getTaskResult',
	'/getbalance': 'getBalance',
	'/reportincorrectimagecaptcha': 'reportIncorrectImageCaptcha',
	'/reportincorrecttokencaptcha': 'reportIncorrectTokenCaptcha',
	'/reportincorrectrecaptcha': 'reportIncorrectRecaptcha',
};
const REQUEST_FIELDS = ['clientKey', 'task', 'callbackUrl', 'softId'];
const MAX_BODY_BYTES = 20 * 1024 * 1024;
const CALLBACK_TIMEOUT_MS = 2000;

interface Reply {
	status: number;
	contentType: string;
	text: string | Buffer;
	/** What goes into the request log. */
	logged: unknown;
	headers?: Record<string, string>;
}

const jsonReply = (body: unknown, status = 200): Reply => ({
	status,
	contentType: 'application/json; charset=utf-8',
	text: JSON.stringify(body),
	logged: body,
});
const textReply = (
	text: string,
	status = 200,
	contentType = 'text/plain; charset=utf-8',
): Reply => ({
	status,
	contentType,
	text,
	logged: text,
});
const errorBody = (error: ApiError, extra: JsonObject = {}): JsonObject => ({
	errorId: 1,
	...error,
	...extra,
});
const KEY_ERROR = errorBody(apiError('ERROR_KEY_DOES_NOT_EXIST'), { taskId: 0 });

interface Route {
	method: string;
	/** Subject to faults and pause (the API); the demo site and control endpoints are not faulted. */
	faultable: boolean;
	handle: (body: unknown, url: URL, raw: string) => Reply;
	/** How the body is parsed for the log and handler. */
	parse: 'json' | 'params' | 'form';
}

interface Auth {
	key: string;
	options: string[];
}

type PollResult =
	| { kind: 'missing'; reason: string }
	| { kind: 'refused'; reason: string }
	| { kind: 'processing' | 'ready' | 'failed'; task: SandboxTask };

interface CreateInput {
	clientKey: string;
	auth: Auth;
	task: unknown;
	request: unknown;
	protocol: SandboxTask['protocol'];
	callbackUrl?: string;
	nocacheParam?: boolean;
	requestWarnings: string[];
}

class SandboxServer implements Sandbox {
	private readonly server: http.Server;
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly callbackRequests = new Set<http.ClientRequest>();
	private opts: ResolvedSandboxOptions;
	private rng: () => number;
	private readonly faultSet: FaultSet;
	private readonly balances = new Map<string, number>();
	private readonly taskMap = new Map<number, SandboxTask>();
	/** Tasks not yet settled that will become ready at some point. */
	private readonly pending = new Set<SandboxTask>();
	private nextTaskId = 1000001;
	readonly requests: RequestLogEntry[] = [];
	readonly reports: TaskReport[] = [];
	readonly formSubmissions: FormSubmission[] = [];
	private counters = this.freshCounters();
	private readonly createdBodies = new Set<string>();
	private readonly failedOnce = new Set<string>();
	/** Solution tokens handed out → task id, for the demo form. */
	private readonly issuedTokens = new Map<string, number>();
	private readonly usedTokens = new Set<string>();
	private paused = false;
	private closed = false;
	private listeningPort = 0;

	constructor(options: SandboxOptions) {
		this.opts = { ...DEFAULT_OPTIONS, ...definedOnly(options) };
		this.rng = createRng(this.opts.seed);
		this.faultSet = new FaultSet(() => this.rng());
		this.restoreBalances();
		this.server = http.createServer((req, res) => this.onRequest(req, res));
		this.server.keepAliveTimeout = 5000;
		this.server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	async listen(): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.opts.port, this.opts.host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		this.listeningPort = (this.server.address() as AddressInfo).port;
	}

	// ---- introspection / control ------------------------------------------------------------

	get port(): number {
		return this.listeningPort;
	}
	get url(): string {
		const host = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
		return `http://${host}:${this.listeningPort}`;
	}
	get options(): Readonly<ResolvedSandboxOptions> {
		return this.opts;
	}
	/** The task table; statuses are brought up to date first. */
	get tasks(): Map<number, SandboxTask> {
		this.settleDue(Date.now());
		return this.taskMap;
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

	addFault(rule: FaultRule): FaultRule {
		return this.faultSet.add(rule);
	}
	clearFaults(): void {
		this.faultSet.clear();
	}
	faults(): FaultRule[] {
		return this.faultSet.list();
	}

	/** While paused every API/demo request hangs (the service "stops answering"). */
	pause(): void {
		this.paused = true;
	}
	resume(): void {
		this.paused = false;
	}

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
		this.faultSet.clear();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.counters = this.freshCounters();
		this.rng = createRng(this.opts.seed);
		this.paused = false;
		this.restoreBalances();
		// Task ids keep increasing so a stale poller from before the reset cannot hit a new task.
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const request of this.callbackRequests) request.destroy();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			// Hanging, paused and keep-alive sockets would keep close() waiting forever.
			for (const socket of this.sockets) socket.destroy();
		});
	}

	stop(): Promise<void> {
		return this.close();
	}

	// ---- request plumbing ---------------------------------------------------------------------

	private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
		const url = new URL(req.url ?? '/', 'http://sandbox.local');
		const path = url.pathname.replace(/\/+$/, '') || '/';
		if (path.toLowerCase().startsWith('/__control')) {
			void this.readBody(req).then((raw) =>
				this.send(
					res,
					raw === undefined
						? textReply('Request body too large', 413)
						: this.handleControl(req.method ?? 'GET', path, url, raw),
				),
			);
			return;
		}
		const route = this.route(req.method ?? 'GET', path);
		const entry: RequestLogEntry = {
			at: Date.now(),
			path: url.pathname,
			httpMethod: req.method ?? 'GET',
			method: route.method,
			body: undefined,
			status: 0,
		};
		this.requests.push(entry);
		this.counters.requests++;
		if (this.paused && route.faultable) {
			entry.paused = true;
			void this.readBody(req).then(
				(raw) => (entry.body = raw === undefined ? undefined : parseBody(raw, url, route.parse)),
			);
			return; // never answered; close() destroys the socket
		}
		const refuse = route.faultable ? this.faultSet.take(route.method, 'connect') : undefined;
		if (refuse) {
			entry.fault = refuse;
			req.socket.destroy();
			return;
		}
		void this.readBody(req).then((raw) => {
			if (raw === undefined) {
				entry.status = 413;
				this.send(res, textReply('Request body too large', 413), entry);
				return;
			}
			return this.dispatch(res, route, url, raw, entry);
		});
	}

	private async dispatch(
		res: http.ServerResponse,
		route: Route,
		url: URL,
		raw: string,
		entry: RequestLogEntry,
	): Promise<void> {
		const body = parseBody(raw, url, route.parse);
		entry.body = body;
		const before = route.faultable ? this.faultSet.take(route.method, 'before') : undefined;
		if (before) {
			entry.fault = before;
			if (before.kind !== 'delay') return this.applyFault(res, before, route, body, entry);
			await this.sleep(before.ms ?? 0);
			if (this.closed) return;
		}
		let reply: Reply;
		try {
			reply = route.handle(body, url, raw);
		} catch (error) {
			reply = textReply(`sandbox internal error: ${(error as Error).stack ?? String(error)}`, 500);
		}
		const after = route.faultable ? this.faultSet.take(route.method, 'after') : undefined;
		if (after) {
			entry.fault = after;
			if (after.kind !== 'delay') return this.applyFault(res, after, route, body, entry);
			await this.sleep(after.ms ?? 0);
			if (this.closed) return;
		}
		this.send(res, reply, entry);
	}

	private applyFault(
		res: http.ServerResponse,
		rule: FaultRule,
		route: Route,
		body: unknown,
		entry: RequestLogEntry,
	): void {
		switch (rule.kind) {
			case 'reset':
			case 'refuse':
				res.socket?.destroy();
				return;
			case 'hang':
				return; // answered never; close() destroys the socket
			case 'malformed':
				return this.send(
					res,
					{
						...textReply('{"errorId":0,"status":"ready","solution":{"text"', 200),
						contentType: 'application/json',
					},
					entry,
				);
			case 'errorCode': {
				const error = apiError(rule.errorCode ?? 'ERROR_NO_SLOT_AVAILABLE', rule.errorDescription);
				if (route.method === 'in.php' || route.method === 'res.php') {
					const reply = ruReply(isPlainObject(body) && body.json === '1', false, error.errorCode);
					return this.send(
						res,
						{ status: 200, contentType: reply.contentType, text: reply.text, logged: reply.parsed },
						entry,
					);
				}
				return this.send(
					res,
					jsonReply(errorBody(error, route.method === 'createTask' ? { taskId: 0 } : {})),
					entry,
				);
			}
			case 'http': {
				const status = rule.status ?? 500;
				if (rule.location !== undefined)
					return this.send(
						res,
						{ ...textReply('', status), headers: { location: rule.location } },
						entry,
					);
				if (rule.body !== undefined)
					return this.send(
						res,
						typeof rule.body === 'string'
							? textReply(rule.body, status)
							: jsonReply(rule.body, status),
						entry,
					);
				// Field reports show JSON error bodies with 402/403/429; other statuses look like a proxy's HTML page.
				const known: Record<number, string> = {
					402: 'ERROR_ZERO_BALANCE',
					403: 'ERROR_KEY_DOES_NOT_EXIST',
					429: 'ERROR_TOO_MUCH_REQUESTS',
				};
				if (known[status])
					return this.send(res, jsonReply(errorBody(apiError(known[status])), status), entry);
				const title = `${status} ${http.STATUS_CODES[status] ?? 'Error'}`;
				return this.send(
					res,
					textReply(
						`<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
						status,
						'text/html',
					),
					entry,
				);
			}
			case 'drip':
				return this.drip(res, rule, entry);
			case 'echo':
				return this.echo(res, rule, route, body, entry);
			case 'delay':
				return; // handled by dispatch
		}
	}

	/** Sends the answer one byte at a time, `ms` apart: the socket is never idle long enough to time out. */
	private drip(res: http.ServerResponse, rule: FaultRule, entry: RequestLogEntry): void {
		const text =
			typeof rule.body === 'string'
				? rule.body
				: JSON.stringify(rule.body ?? { errorId: 0, taskId: 1, status: 'processing' });
		const bytes = Buffer.from(text);
		entry.status = 200;
		entry.respondedAt = Date.now();
		res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
		let sent = 0;
		const timer = setInterval(() => {
			if (sent >= bytes.length || res.destroyed) {
				clearInterval(timer);
				if (!res.destroyed) res.end();
				return;
			}
			res.write(bytes.subarray(sent, sent + 1));
			sent++;
		}, rule.ms ?? 1000);
		res.on('close', () => clearInterval(timer));
	}

	/** An error (or a redirect) that repeats the request it answers, key and all. */
	private echo(
		res: http.ServerResponse,
		rule: FaultRule,
		route: Route,
		body: unknown,
		entry: RequestLogEntry,
	): void {
		const request = JSON.stringify(body);
		if (rule.location !== undefined) {
			const location = `${rule.location}?echo=${encodeURIComponent(request)}`;
			return this.send(res, { ...textReply('', rule.status ?? 302), headers: { location } }, entry);
		}
		const errorCode = rule.errorCode ?? 'ERROR_KEY_DOES_NOT_EXIST';
		const description = `Request was: ${request}`;
		if (route.method === 'in.php' || route.method === 'res.php') {
			const reply = { status: 0, request: errorCode, error_text: description };
			return this.send(res, jsonReply(reply), entry);
		}
		return this.send(
			res,
			jsonReply({ errorId: 1, errorCode, errorDescription: description }),
			entry,
		);
	}

	private send(res: http.ServerResponse, reply: Reply, entry?: RequestLogEntry): void {
		if (entry) {
			entry.status = reply.status;
			entry.response = reply.logged;
			entry.respondedAt = Date.now();
		}
		if (res.destroyed || res.writableEnded) return;
		const payload = typeof reply.text === 'string' ? Buffer.from(reply.text, 'utf8') : reply.text;
		res.writeHead(reply.status, {
			'content-type': reply.contentType,
			'content-length': String(payload.length),
			...reply.headers,
		});
		res.end(payload);
	}

	private readBody(req: http.IncomingMessage): Promise<string | undefined> {
		return new Promise((resolve) => {
			const chunks: Buffer[] = [];
			let size = 0;
			let tooBig = false;
			req.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > MAX_BODY_BYTES) tooBig = true;
				else chunks.push(chunk);
			});
			req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString('utf8')));
			req.on('error', () => resolve(undefined));
		});
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	private route(httpMethod: string, path: string): Route {
		const lower = path.toLowerCase();
		const apiMethod = JSON_METHODS[lower];
		if (apiMethod) {
			const handlers: Record<string, (body: unknown) => Reply> = {
				createTask: (body) => this.createTask(body),
				getTaskResult: (body) => this.getTaskResult(body),
				getBalance: (body) => this.getBalanceMethod(body),
				reportIncorrectImageCaptcha: (body) =>
					this.report(body, 'image', 'reportIncorrectImageCaptcha'),
				reportIncorrectTokenCaptcha: (body) =>
					this.report(body, 'token', 'reportIncorrectTokenCaptcha'),
				reportIncorrectRecaptcha: (body) => this.report(body, 'token', 'reportIncorrectRecaptcha'),
			};
			return { method: apiMethod, faultable: true, parse: 'json', handle: handlers[apiMethod] };
		}
		if (lower === '/in.php')
			return {
				method: 'in.php',
				faultable: true,
				parse: 'params',
				handle: (body) => this.inPhp(body as RuParams),
			};
		if (lower === '/res.php')
			return {
				method: 'res.php',
				faultable: true,
				parse: 'params',
				handle: (body) => this.resPhp(body as RuParams),
			};
		if (lower === '/api/useragent/actual')
			return {
				method: 'getUserAgent',
				faultable: true,
				parse: 'json',
				handle: () => textReply(this.opts.userAgent),
			};
		if (lower === '/demo/captcha.png')
			return {
				method: 'demo/captcha.png',
				faultable: false,
				parse: 'params',
				handle: (_b, url) => this.demoCaptcha(url),
			};
		if (lower === '/demo/form')
			return {
				method: 'demo/form',
				faultable: false,
				parse: 'form',
				handle: (body) =>
					httpMethod === 'POST' ? this.demoForm(body) : textReply('POST only', 405),
			};
		if (lower.startsWith('/demo/pages/'))
			return {
				method: 'demo/pages',
				faultable: false,
				parse: 'params',
				handle: () => {
					const html = demoPageHtml(path.slice('/demo/pages/'.length));
					return html
						? textReply(html, 200, 'text/html; charset=utf-8')
						: textReply('Not found', 404);
				},
			};
		if (lower === '/demo' || lower === '/')
			return { method: 'demo', faultable: false, parse: 'params', handle: () => this.demoPage() };
		return {
			method: path,
			faultable: true,
			parse: 'json',
			handle: () =>
				jsonReply(errorBody(apiError('ERROR_NO_SUCH_METHOD', `No such method: ${path}`))),
		};
	}

	// ---- JSON API -----------------------------------------------------------------------------

	private authenticate(clientKey: unknown): Auth | undefined {
		if (typeof clientKey !== 'string' || clientKey === '') return undefined;
		const [key, ...options] = clientKey.split('__');
		if (!this.balances.has(key)) return undefined;
		return { key, options: options.filter((option) => option !== '') };
	}

	private createTask(body: unknown): Reply {
		this.counters.createTaskCalls++;
		if (!isPlainObject(body))
			return jsonReply(
				errorBody(apiError('ERROR_TASK_ABSENT', 'The request body is not a JSON object'), {
					taskId: 0,
				}),
			);
		const auth = this.authenticate(body.clientKey);
		if (!auth) return jsonReply(KEY_ERROR);
		const requestWarnings: string[] = [];
		for (const [field, value] of Object.entries(body)) {
			if (!REQUEST_FIELDS.includes(field))
				requestWarnings.push(`${field}: unknown createTask request field (${jsonTypeOf(value)})`);
		}
		if (body.softId !== undefined && !Number.isInteger(body.softId))
			requestWarnings.push(`softId: should be integer, got ${jsonTypeOf(body.softId)}`);
		let callbackUrl: string | undefined;
		if (body.callbackUrl !== undefined) {
			if (typeof body.callbackUrl === 'string' && isHttpUrl(body.callbackUrl))
				callbackUrl = body.callbackUrl;
			else
				requestWarnings.push(
					`callbackUrl: ${JSON.stringify(body.callbackUrl)} is not an http(s) URL; ignored`,
				);
		}
		const result = this.createTaskCore({
			clientKey: body.clientKey as string,
			auth,
			task: body.task,
			request: body,
			protocol: 'json',
			callbackUrl,
			requestWarnings,
		});
		if ('error' in result) return jsonReply(errorBody(result.error, { taskId: 0 }));
		return jsonReply({ errorId: 0, taskId: result.task.id });
	}

	/** Validation, billing and bookkeeping shared by createTask and in.php. */
	private createTaskCore(input: CreateInput): { task: SandboxTask } | { error: ApiError } {
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
		if (task.callbackUrl && task.readyAt !== null) {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				this.sendCallback(task);
			}, task.readyAt - now);
			this.timers.add(timer);
		}
		return { task };
	}

	private getTaskResult(body: unknown): Reply {
		this.counters.getTaskResultCalls++;
		const auth = isPlainObject(body) ? this.authenticate(body.clientKey) : undefined;
		if (!auth || !isPlainObject(body)) return jsonReply(KEY_ERROR);
		const result = this.poll(auth.key, body.taskId, Date.now());
		switch (result.kind) {
			case 'missing':
				return jsonReply(errorBody(apiError('ERROR_NO_SUCH_CAPCHA_ID', result.reason)));
			case 'refused':
				return jsonReply(errorBody(apiError('ERROR_TOO_MUCH_REQUESTS', result.reason)));
			case 'processing':
				return jsonReply({
					errorId: 0,
					status: 'processing',
					errorCode: null,
					errorDescription: null,
				});
			default:
				return jsonReply(this.resultBody(result.task));
		}
	}

	/** The getTaskResult answer for a finished task (also the callback body). */
	private resultBody(task: SandboxTask): JsonObject {
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

	private findTask(key: string, taskId: unknown, now: number): SandboxTask | string {
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
	private poll(key: string, taskId: unknown, now: number): PollResult {
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
	private settle(task: SandboxTask, now: number): void {
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

	private settleDue(now: number): void {
		for (const task of this.pending) this.settle(task, now);
	}

	private getBalanceMethod(body: unknown): Reply {
		const auth = isPlainObject(body) ? this.authenticate(body.clientKey) : undefined;
		if (!auth) return jsonReply(KEY_ERROR);
		this.settleDue(Date.now());
		return jsonReply({ errorId: 0, balance: this.balances.get(auth.key) ?? 0 });
	}

	private report(body: unknown, kind: ReportKind, method: string): Reply {
		const auth = isPlainObject(body) ? this.authenticate(body.clientKey) : undefined;
		if (!auth || !isPlainObject(body)) return jsonReply(KEY_ERROR);
		const refusal = this.recordReport(auth.key, body.taskId, kind, method);
		return refusal
			? jsonReply(errorBody(apiError('ERROR_NO_SUCH_CAPCHA_ID', refusal)))
			: jsonReply({ errorId: 0, status: 'success' });
	}

	/** Records a bad-answer report; returns why it was refused, if it was. */
	private recordReport(
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

	private sendCallback(task: SandboxTask): void {
		if (!task.callbackUrl) return;
		this.settle(task, Date.now());
		const body = this.resultBody(task); // like getTaskResult: no taskId in it
		const attempt: CallbackAttempt = { url: task.callbackUrl, at: Date.now(), body };
		task.callbacks.push(attempt);
		let target: URL;
		try {
			target = new URL(task.callbackUrl);
		} catch {
			attempt.error = 'invalid URL';
			return;
		}
		// The sandbox never contacts anything but this machine.
		if (
			!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(target.hostname) &&
			!target.hostname.startsWith('127.')
		) {
			attempt.error = 'not sent: the sandbox only calls back to loopback addresses';
			return;
		}
		if (target.protocol !== 'http:') {
			attempt.error = 'not sent: the sandbox only calls back over http';
			return;
		}
		const payload = JSON.stringify(body);
		const request = http.request(
			target,
			{
				method: 'POST',
				timeout: CALLBACK_TIMEOUT_MS,
				headers: {
					'content-type': 'application/json',
					'content-length': String(Buffer.byteLength(payload)),
				},
			},
			(response) => {
				attempt.status = response.statusCode;
				response.resume();
			},
		);
		this.callbackRequests.add(request);
		request.on('close', () => this.callbackRequests.delete(request));
		request.on('timeout', () => {
			attempt.error = `timeout after ${CALLBACK_TIMEOUT_MS} ms`;
			request.destroy();
		});
		request.on('error', (error) => {
			attempt.error ??= error.message;
		});
		request.end(payload);
	}

	// ---- RuCaptcha-compatible protocol --------------------------------------------------------

	private ruReplyOf(reply: ReturnType<typeof ruReply>): Reply {
		return { status: 200, contentType: reply.contentType, text: reply.text, logged: reply.parsed };
	}

	private inPhp(params: RuParams): Reply {
		this.counters.createTaskCalls++;
		const json = params.json === '1';
		const fail = (code: string): Reply =>
			this.ruReplyOf(ruReply(json, false, code, { bare: true }));
		if (!params.key) return fail('ERROR_WRONG_USER_KEY');
		const auth = this.authenticate(params.key);
		if (!auth) return fail('ERROR_KEY_DOES_NOT_EXIST');
		const mapping = ruCaptchaTask(params);
		if (!mapping.task) return fail(mapping.error ?? 'ERROR_BAD_PARAMETERS');
		const result = this.createTaskCore({
			clientKey: params.key,
			auth,
			task: mapping.task,
			request: params,
			protocol: 'rucaptcha',
			nocacheParam: params.nocache === '1',
			requestWarnings: mapping.warnings,
		});
		if ('error' in result)
			return fail(
				result.error.errorCode === 'InputValidationError'
					? 'ERROR_BAD_PARAMETERS'
					: result.error.errorCode,
			);
		return this.ruReplyOf(ruReply(json, true, String(result.task.id)));
	}

	private resPhp(params: RuParams): Reply {
		const json = params.json === '1';
		const fail = (code: string): Reply =>
			this.ruReplyOf(ruReply(json, false, code, { bare: true }));
		if (!params.key) return fail('ERROR_WRONG_USER_KEY');
		const auth = this.authenticate(params.key);
		if (!auth) return fail('ERROR_KEY_DOES_NOT_EXIST');
		switch ((params.action ?? '').toLowerCase()) {
			case 'get': {
				this.counters.getTaskResultCalls++;
				const result = this.poll(auth.key, params.id, Date.now());
				if (result.kind === 'missing') return fail('ERROR_WRONG_CAPTCHA_ID');
				if (result.kind === 'refused') return fail('ERROR_TOO_MUCH_REQUESTS');
				if (result.kind === 'processing') return fail('CAPCHA_NOT_READY');
				if (result.kind === 'failed')
					return fail(result.task.errorCode ?? 'ERROR_CAPTCHA_UNSOLVABLE');
				const { answer, useragent } = ruCaptchaAnswer(result.task.solution ?? {});
				return this.ruReplyOf(
					ruReply(json, true, answer, { extra: useragent ? { useragent } : {} }),
				);
			}
			case 'getbalance':
				this.settleDue(Date.now());
				return this.ruReplyOf(
					ruReply(json, true, String(this.balances.get(auth.key) ?? 0), { bare: true }),
				);
			case 'reportbad':
				return this.recordReport(auth.key, params.id, undefined, 'res.php:reportbad')
					? fail('ERROR_WRONG_CAPTCHA_ID')
					: this.ruReplyOf(ruReply(json, true, 'OK_REPORT_RECORDED', { bare: true }));
			case 'reportgood': {
				const found = this.findTask(auth.key, params.id, Date.now());
				return typeof found === 'string'
					? fail('ERROR_WRONG_CAPTCHA_ID')
					: this.ruReplyOf(ruReply(json, true, 'OK_REPORT_RECORDED', { bare: true }));
			}
			default:
				return fail('ERROR_BAD_PARAMETERS');
		}
	}

	// ---- demo site ------------------------------------------------------------------------------

	private demoCaptcha(url: URL): Reply {
		const answer =
			normaliseCaptchaText(url.searchParams.get('text') ?? '') || randomCaptchaText(this.rng);
		return {
			status: 200,
			contentType: 'image/png',
			text: renderCaptchaPng(answer),
			logged: { answer },
			headers: { 'x-sandbox-answer': answer, 'cache-control': 'no-store' },
		};
	}

	private demoForm(body: unknown): Reply {
		const fields = isPlainObject(body) ? body : {};
		const tokenField = ['g-recaptcha-response', 'token', 'cf-turnstile-response'].find(
			(name) => typeof fields[name] === 'string',
		);
		const token = tokenField ? (fields[tokenField] as string) : undefined;
		const submission: FormSubmission = { at: Date.now(), token, accepted: false, fields };
		this.formSubmissions.push(submission);
		const taskId = token === undefined ? undefined : this.issuedTokens.get(token);
		const task = taskId === undefined ? undefined : this.taskMap.get(taskId);
		if (task) this.settle(task, Date.now());
		if (!token || !task || task.status !== 'ready') submission.reason = 'unknown token';
		else if (this.usedTokens.has(token)) submission.reason = 'token already used';
		else {
			this.usedTokens.add(token);
			submission.accepted = true;
		}
		submission.taskId = task?.id;
		return jsonReply(
			submission.accepted ? { accepted: true } : { accepted: false, reason: submission.reason },
		);
	}

	private demoPage(): Reply {
		const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>CapMonster sandbox demo</title></head>
<body>
<h1>Sandbox demo form</h1>
<p>This page stands in for a website protected by a captcha. The <code>data-sitekey</code> below is
the <em>site key</em> (websiteKey) a solver needs; the page URL is the websiteURL.</p>
<form method="post" action="/demo/form">
  <div class="g-recaptcha" data-sitekey="${DEMO_SITE_KEY}"></div>
  <p><img src="/demo/captcha.png" alt="text captcha"></p>
  <input name="g-recaptcha-response" placeholder="token from the sandbox">
  <button type="submit">Submit</button>
</form>
</body></html>`;
		return textReply(html, 200, 'text/html; charset=utf-8');
	}

	// ---- control endpoints (not logged, never faulted) ----------------------------------------

	private handleControl(httpMethod: string, path: string, url: URL, raw: string): Reply {
		const action = path.toLowerCase().replace(/^\/__control\/?/, '');
		let body: unknown;
		try {
			body = raw.trim() === '' ? {} : JSON.parse(raw);
		} catch {
			return jsonReply({ ok: false, error: 'body is not JSON' }, 400);
		}
		const ok = (extra: JsonObject = {}): Reply => jsonReply({ ok: true, ...extra });
		try {
			switch (`${httpMethod} ${action}`) {
				case 'GET stats':
					return jsonReply(this.stats(), 200);
				case 'GET tasks': {
					const id = url.searchParams.get('id');
					const tasks = [...this.tasks.values()];
					return jsonReply(id === null ? tasks : tasks.filter((task) => String(task.id) === id));
				}
				case 'GET requests':
					return jsonReply(this.requests);
				case 'GET reports':
					return jsonReply(this.reports);
				case 'GET forms':
					return jsonReply(this.formSubmissions);
				case 'GET options':
					return jsonReply(this.opts);
				case 'GET faults':
					return jsonReply(this.faults());
				case 'POST configure':
					this.configure(isPlainObject(body) ? (body as Partial<SandboxOptions>) : {});
					return ok({ options: this.opts });
				case 'POST faults':
					return ok({ rule: this.addFault(body as FaultRule) });
				case 'DELETE faults':
					this.clearFaults();
					return ok();
				case 'POST reset':
					this.reset();
					return ok();
				case 'POST balance': {
					const { key, balance } = (isPlainObject(body) ? body : {}) as {
						key?: unknown;
						balance?: unknown;
					};
					if (typeof key !== 'string' || typeof balance !== 'number')
						return jsonReply({ ok: false, error: 'need {key, balance}' }, 400);
					this.setBalance(key, balance);
					return ok({ key, balance });
				}
				case 'POST pause':
					this.pause();
					return ok();
				case 'POST resume':
					this.resume();
					return ok();
				default:
					return jsonReply(
						{ ok: false, error: `unknown control endpoint ${httpMethod} ${path}` },
						404,
					);
			}
		} catch (error) {
			return jsonReply({ ok: false, error: (error as Error).message }, 400);
		}
	}

	// ---- helpers --------------------------------------------------------------------------------

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

function definedOnly(options: Partial<SandboxOptions>): Partial<SandboxOptions> {
	return Object.fromEntries(
		Object.entries(options).filter(([, value]) => value !== undefined),
	) as Partial<SandboxOptions>;
}

/**
 * JSON methods: the body is JSON whatever the content type (the .NET client posts text/plain).
 * in.php/res.php and the demo form: query parameters merged with a form-encoded or JSON body.
 */
function parseBody(raw: string, url: URL, mode: Route['parse']): unknown {
	if (mode === 'json') {
		if (raw.trim() === '') return undefined;
		try {
			return JSON.parse(raw) as unknown;
		} catch {
			return raw;
		}
	}
	const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
	const trimmed = raw.trim();
	if (trimmed.startsWith('{')) {
		try {
			const parsed = JSON.parse(trimmed) as unknown;
			if (isPlainObject(parsed))
				for (const [name, value] of Object.entries(parsed))
					params[name] = mode === 'params' && typeof value !== 'string' ? String(value) : value;
			return params;
		} catch {
			// fall through to form decoding
		}
	}
	if (trimmed !== '') Object.assign(params, Object.fromEntries(new URLSearchParams(trimmed)));
	return params;
}

/** Starts a sandbox on 127.0.0.1 (ephemeral port unless `port` is given). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = new SandboxServer(options);
	await sandbox.listen();
	return sandbox;
}
