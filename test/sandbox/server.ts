/**
 * A local stand-in for the CapMonster Cloud JSON API (plus the RuCaptcha-compatible in.php /
 * res.php and a tiny demo "website"), so every test, benchmark and demo of the node runs without
 * network access or a real key.
 *
 * This file is the HTTP server: it logs each request, applies pause and faults, and hands the
 * request to the part of the sandbox whose path it is (ROUTERS below). The parts:
 * - state.ts: keys, balances, the task table and the service's rules the node must respect
 *   (≥ minPollGapMs between polls of one task, at most maxPolls polls, results expire after
 *   resultTtlMs), enforced and counted;
 * - jsonApi.ts, ruCaptchaApi.ts: the two protocols over that state; demoSite.ts: the demo site;
 * - callbacks.ts: callbackUrl POSTs; faultReplies.ts: how an injected fault answers;
 * - control.ts: the /__control endpoints; types.ts: the public types and default options.
 * Everything is recorded (requests, tasks with their polls, reports, callbacks, demo form
 * submissions) for tests to assert on, in-process or over the /__control endpoints.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { controlReply } from './control';
import { demoSiteRouter } from './demoSite';
import { apiError } from './errors';
import { applyFault } from './faultReplies';
import type { FaultRule } from './faults';
import { FaultSet } from './faults';
import type { Reply, Route, Router } from './http';
import { errorBody, jsonReply, parseBody, readBody, send, textReply } from './http';
import { jsonApiRouter } from './jsonApi';
import { ruCaptchaRouter } from './ruCaptchaApi';
import { SandboxState } from './state';
import type {
	FormSubmission,
	RequestLogEntry,
	ResolvedSandboxOptions,
	Sandbox,
	SandboxOptions,
	SandboxStats,
	SandboxTask,
	TaskReport,
} from './types';

export type {
	CallbackAttempt,
	FormSubmission,
	RequestLogEntry,
	ResolvedSandboxOptions,
	Sandbox,
	SandboxOptions,
	SandboxStats,
	SandboxTask,
	TaskReport,
	TaskStatus,
} from './types';
export { DEFAULT_USER_AGENT, DEMO_SITE_KEY } from './types';

class SandboxServer implements Sandbox {
	private readonly server: http.Server;
	private readonly sockets = new Set<Socket>();
	private readonly state: SandboxState;
	private readonly faultSet: FaultSet;
	/**
	 * The parts of the sandbox that answer requests, tried in this order; the first whose path it
	 * is answers. A new part (e.g. more demo pages) is one more Router here.
	 */
	private readonly routers: Router[];
	private paused = false;
	private closed = false;
	private listeningPort = 0;

	constructor(options: SandboxOptions) {
		this.state = new SandboxState(options);
		this.faultSet = new FaultSet(() => this.state.rng());
		this.routers = [
			jsonApiRouter(this.state),
			ruCaptchaRouter(this.state),
			demoSiteRouter(this.state),
		];
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
			this.server.listen(this.state.opts.port, this.state.opts.host, () => {
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
		const host = this.state.opts.host.includes(':')
			? `[${this.state.opts.host}]`
			: this.state.opts.host;
		return `http://${host}:${this.listeningPort}`;
	}
	get options(): Readonly<ResolvedSandboxOptions> {
		return this.state.opts;
	}
	get requests(): RequestLogEntry[] {
		return this.state.requests;
	}
	get reports(): TaskReport[] {
		return this.state.reports;
	}
	get formSubmissions(): FormSubmission[] {
		return this.state.formSubmissions;
	}
	/** The task table; statuses are brought up to date first. */
	get tasks(): Map<number, SandboxTask> {
		this.state.settleDue(Date.now());
		return this.state.taskMap;
	}

	stats(): SandboxStats {
		return this.state.stats();
	}
	configure(options: Partial<SandboxOptions>): void {
		this.state.configure(options);
	}
	setBalance(key: string, balance: number): void {
		this.state.setBalance(key, balance);
	}
	getBalance(key: string): number | undefined {
		return this.state.getBalance(key);
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
		this.faultSet.clear();
		this.state.reset();
		this.paused = false;
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.state.clearTimers();
		for (const request of this.state.callbackRequests) request.destroy();
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
			void readBody(req).then((raw) =>
				send(
					res,
					raw === undefined
						? textReply('Request body too large', 413)
						: controlReply(this, req.method ?? 'GET', path, url, raw),
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
		this.state.requests.push(entry);
		this.state.counters.requests++;
		if (this.paused && route.faultable) {
			entry.paused = true;
			void readBody(req).then(
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
		void readBody(req).then((raw) => {
			if (raw === undefined) {
				entry.status = 413;
				send(res, textReply('Request body too large', 413), entry);
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
			if (before.kind !== 'delay') return applyFault(res, before, route, body, entry);
			await this.state.sleep(before.ms ?? 0);
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
			if (after.kind !== 'delay') return applyFault(res, after, route, body, entry);
			await this.state.sleep(after.ms ?? 0);
			if (this.closed) return;
		}
		send(res, reply, entry);
	}

	private route(httpMethod: string, path: string): Route {
		const lower = path.toLowerCase();
		for (const router of this.routers) {
			const route = router(httpMethod, lower, path);
			if (route) return route;
		}
		return {
			method: path,
			faultable: true,
			parse: 'json',
			handle: () =>
				jsonReply(errorBody(apiError('ERROR_NO_SUCH_METHOD', `No such method: ${path}`))),
		};
	}
}

/** Starts a sandbox on 127.0.0.1 (ephemeral port unless `port` is given). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = new SandboxServer(options);
	await sandbox.listen();
	return sandbox;
}
