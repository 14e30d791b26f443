/**
 * The local CapMonster sandbox (test/sandbox) as a child process on a free loopback port, plus
 * typed helpers for its control endpoints (/__control/*): the one client of a sandbox in another
 * process, used by `npm run dev` / `npm run demo`, the e2e suite and the benchmark.
 *
 * It runs as a separate process through its CLI (not in-process) so that it keeps answering
 * n8n while this process is busy, so that its log ends up in its own file, and so that the
 * benchmark's CPU time and memory are the node's alone. (In-process, test/sandbox's own
 * `startSandbox` gives the `Sandbox` object itself.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { SandboxStats, SandboxTask } from '../../test/sandbox';
import { freePort } from './ports';
import { startProcess, waitFor, type Managed } from './proc';
import { REPO_ROOT } from './pkg';

export const SANDBOX_KEY = 'test-key';

export interface SandboxProcessOptions {
	/** API key the sandbox accepts (default `test-key`). */
	key?: string;
	/** How long a task stays `processing` (default 1500 ms: long enough to exercise polling). */
	solveMs?: number;
	port?: number;
	logFile?: string;
	echo?: boolean;
}

/** One entry of `GET /__control/requests` (see RequestLogEntry in test/sandbox/types.ts). */
export interface SandboxRequestLog {
	at: number;
	path: string;
	httpMethod: string;
	/** createTask, getTaskResult, demo/captcha.png, demo/form, … */
	method: string;
	body?: unknown;
	status: number;
	response?: unknown;
}

export class SandboxProcess {
	constructor(
		readonly url: string,
		readonly port: number,
		readonly key: string,
		readonly proc: Managed,
	) {}

	async control<T = unknown>(method: 'GET' | 'POST', what: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.url}/__control/${what}`, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`sandbox ${method} /__control/${what} -> ${res.status}: ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	get pid(): number {
		return this.proc.pid;
	}

	async stats<T = SandboxStats>(): Promise<T> {
		const stats = await this.control<T & { minPollGapMs?: number | null }>('GET', 'stats');
		// JSON has no Infinity: "no task polled twice" comes back as null.
		return stats.minPollGapMs === null ? { ...stats, minPollGapMs: Infinity } : stats;
	}
	tasks<T = SandboxTask[]>() {
		return this.control<T>('GET', 'tasks');
	}
	requests<T = unknown>() {
		return this.control<T>('GET', 'requests');
	}
	/** Demo form submissions: `{ token, accepted, reason, taskId }` each. */
	forms<T = unknown>() {
		return this.control<T>('GET', 'forms');
	}
	/** Report Incorrect … calls received: `{ taskId, kind, method }` each. */
	reports<T = unknown>() {
		return this.control<T>('GET', 'reports');
	}
	configure(body: Record<string, unknown>) {
		return this.control('POST', 'configure', body);
	}
	setBalance(key: string, balance: number) {
		return this.control('POST', 'balance', { key, balance });
	}
	reset() {
		return this.control('POST', 'reset');
	}

	/** User + system CPU time of the sandbox process so far (Linux /proc; NaN elsewhere). */
	cpuMs(): number {
		try {
			const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			// Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name.
			return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
		} catch {
			return NaN;
		}
	}

	stop() {
		return this.proc.stop(3000);
	}
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export async function startSandboxProcess(
	opts: SandboxProcessOptions = {},
): Promise<SandboxProcess> {
	const port = opts.port ?? (await freePort());
	const key = opts.key ?? SANDBOX_KEY;
	const tsNode = path.join(REPO_ROOT, 'node_modules', '.bin', 'ts-node');
	const proc = startProcess(
		'sandbox',
		tsNode,
		[
			'--transpile-only',
			path.join(REPO_ROOT, 'test', 'sandbox', 'cli.ts'),
			'--port',
			String(port),
			'--key',
			key,
			'--solve-ms',
			String(opts.solveMs ?? 1500),
		],
		{ cwd: REPO_ROOT, logFile: opts.logFile, echo: opts.echo ? '[sandbox] ' : false },
	);
	const url = `http://127.0.0.1:${port}`;
	const ready = waitFor(
		`the CapMonster sandbox on ${url}`,
		async () => (await fetch(`${url}/__control/stats`).catch(() => undefined))?.ok,
		30_000,
		200,
	);
	const died = proc.exited.then((code) => {
		throw new Error(`the sandbox exited with ${code}:\n${proc.output().slice(-3000)}`);
	});
	died.catch(() => undefined);
	await Promise.race([ready, died]);
	return new SandboxProcess(url, port, key, proc);
}
