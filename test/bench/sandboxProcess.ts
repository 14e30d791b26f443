/**
 * The sandbox (test/sandbox/cli.ts) as a child process for the benchmark, so that the benchmark
 * process's CPU time and memory are the node's (and n8n-core's) alone. Talks to it through its
 * /__control endpoints. The child is ended by its pid when the benchmark exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { SandboxStats, SandboxTask } from '../sandbox';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO_ROOT, 'test', 'sandbox', 'cli.ts');

export interface SandboxProcess {
	url: string;
	pid: number;
	control<T>(method: 'GET' | 'POST', what: string, body?: unknown): Promise<T>;
	stats(): Promise<SandboxStats>;
	tasks(): Promise<SandboxTask[]>;
	/** User + system CPU time of the sandbox process so far (Linux /proc; NaN elsewhere). */
	cpuMs(): number;
	stop(): Promise<void>;
}

export async function startSandboxProcess(options: {
	key: string;
	solveMs: number;
}): Promise<SandboxProcess> {
	const child: ChildProcess = spawn(
		process.execPath,
		[
			'-r',
			'ts-node/register/transpile-only',
			CLI,
			'--port',
			'0',
			'--key',
			options.key,
			'--solve-ms',
			String(options.solveMs),
		],
		{
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
		},
	);
	const pid = child.pid;
	if (pid === undefined) throw new Error('could not start the sandbox process');
	const stopChild = () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
	};
	process.once('exit', stopChild);

	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`the sandbox did not start within 30 s:\n${output}`)),
			30000,
		);
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const match = /listening on (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the sandbox exited with ${code}:\n${output}`));
		});
	});
	// Keep draining its output so the pipe never fills up.
	child.stdout?.removeAllListeners('data');
	child.stderr?.removeAllListeners('data');
	child.stdout?.resume();
	child.stderr?.resume();

	const control = async <T>(method: 'GET' | 'POST', what: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${url}/__control/${what}`, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`sandbox ${method} /__control/${what} → ${response.status}: ${text}`);
		return JSON.parse(text) as T;
	};

	const ticksPerSecond = 100; // USER_HZ on Linux
	return {
		url,
		pid,
		control,
		stats: async () => {
			const stats = await control<SandboxStats & { minPollGapMs: number | null }>('GET', 'stats');
			// JSON has no Infinity: no task polled twice comes back as null.
			return { ...stats, minPollGapMs: stats.minPollGapMs ?? Infinity };
		},
		tasks: async () => await control<SandboxTask[]>('GET', 'tasks'),
		cpuMs: () => {
			try {
				const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
				const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
				// Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name.
				return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
			} catch {
				return NaN;
			}
		},
		stop: async () => {
			process.removeListener('exit', stopChild);
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill('SIGTERM');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		},
	};
}
