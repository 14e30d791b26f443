/**
 * Child processes for the tooling scripts (e2e suite, demo, dev).
 *
 * Every long-running process is spawned in its own process group (`detached: true`) and
 * registered here, so that one call to `stopAll()` — on success, on failure, or on Ctrl-C —
 * ends it *and* its children (n8n starts task-runner children) by process-group id. Nothing is
 * ever killed by name.
 *
 * Everything is asynchronous on purpose: the CapMonster sandbox runs in this same Node process,
 * so a blocking `spawnSync` would freeze the sandbox while n8n is calling it.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Managed {
	name: string;
	child: ChildProcess;
	pid: number;
	logFile?: string;
	/** Resolves with the exit code (or the signal name) when the process ends. */
	exited: Promise<number | string>;
	/** Everything the process printed so far (stdout + stderr interleaved), also kept when logging to a file. */
	output(): string;
	/** Stop this process group: SIGTERM, then SIGKILL after `graceMs`. */
	stop(graceMs?: number): Promise<void>;
}

const running = new Set<Managed>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		// Negative pid = the whole process group this tooling created for the child.
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			/* already gone */
		}
	}
}

export interface StartOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Write output to this file as well (created with its directory). */
	logFile?: string;
	/** Echo output to our stdout with a prefix (dev mode). */
	echo?: boolean | string;
	/** Keep at most this many characters of output in memory (default 4 MB). */
	keep?: number;
}

/** Start a long-running process that `stopAll()` will end. */
export function startProcess(
	name: string,
	command: string,
	args: string[],
	opts: StartOptions = {},
): Managed {
	const spawnOpts: SpawnOptions = {
		cwd: opts.cwd,
		env: opts.env ?? process.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	};
	const child = spawn(command, args, spawnOpts);
	if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
	const keep = opts.keep ?? 4 * 1024 * 1024;
	let buf = '';
	let log: fs.WriteStream | undefined;
	if (opts.logFile) {
		fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
		log = fs.createWriteStream(opts.logFile, { flags: 'a' });
	}
	const prefix = typeof opts.echo === 'string' ? opts.echo : `[${name}] `;
	const onData = (d: Buffer) => {
		const s = d.toString('utf8');
		buf += s;
		if (buf.length > keep) buf = buf.slice(buf.length - keep);
		log?.write(d);
		if (opts.echo) {
			for (const line of s.split('\n')) if (line.trim()) process.stdout.write(prefix + line + '\n');
		}
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	const exited = new Promise<number | string>((resolve) => {
		child.on('exit', (code, signal) => {
			running.delete(managed);
			resolve(code ?? signal ?? -1);
		});
		child.on('error', (err) => {
			buf += `\n[spawn error] ${err.message}\n`;
			running.delete(managed);
			resolve(-1);
		});
	}).finally(() => log?.end());
	const pid = child.pid;
	const managed: Managed = {
		name,
		child,
		pid,
		logFile: opts.logFile,
		exited,
		output: () => buf,
		async stop(graceMs = 10_000) {
			if (child.exitCode !== null || child.signalCode !== null) {
				// The leader is gone, but runner children in its group may still live.
				killGroup(pid, 'SIGKILL');
				return;
			}
			killGroup(pid, 'SIGTERM');
			const t = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
			await exited;
			clearTimeout(t);
			killGroup(pid, 'SIGKILL');
		},
	};
	running.add(managed);
	return managed;
}

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface RunOptions extends StartOptions {
	/** Kill the command after this many ms (default 10 min). */
	timeoutMs?: number;
	/** Throw when the exit code is not 0 (default true). */
	check?: boolean;
	/** Called with each chunk of stdout/stderr (progress display). */
	onOutput?: (chunk: string) => void;
}

/** Run a command to completion (asynchronously), killing it if it outlives `timeoutMs`. */
export async function run(
	command: string,
	args: string[],
	opts: RunOptions = {},
): Promise<RunResult> {
	const started = Date.now();
	const child = spawn(command, args, {
		cwd: opts.cwd,
		env: opts.env ?? process.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const pid = child.pid;
	// Registered like a long-running process so Ctrl-C also ends an in-flight `npm install`.
	const managed: Managed | undefined =
		pid === undefined
			? undefined
			: {
					name: path.basename(command),
					child,
					pid,
					exited: Promise.resolve(0),
					output: () => '',
					async stop() {
						killGroup(pid, 'SIGKILL');
					},
				};
	if (managed) running.add(managed);
	let stdout = '';
	let stderr = '';
	let log: fs.WriteStream | undefined;
	if (opts.logFile) {
		fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
		log = fs.createWriteStream(opts.logFile, { flags: 'a' });
		log.write(`$ ${command} ${args.join(' ')}\n`);
	}
	child.stdout?.on('data', (d: Buffer) => {
		stdout += d.toString('utf8');
		log?.write(d);
		opts.onOutput?.(d.toString('utf8'));
	});
	child.stderr?.on('data', (d: Buffer) => {
		stderr += d.toString('utf8');
		log?.write(d);
		opts.onOutput?.(d.toString('utf8'));
	});
	const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		if (pid !== undefined) killGroup(pid, 'SIGKILL');
	}, timeoutMs);
	const code = await new Promise<number>((resolve) => {
		child.on('close', (c, sig) => resolve(c ?? (sig ? 128 : -1)));
		child.on('error', (err) => {
			stderr += `\n[spawn error] ${err.message}\n`;
			resolve(-1);
		});
	});
	clearTimeout(timer);
	if (managed) running.delete(managed);
	// `n8n execute` leaves no children behind, but make sure nothing in its group survives.
	if (pid !== undefined) killGroup(pid, 'SIGKILL');
	await new Promise<void>((r) => (log ? log.end(r) : r()));
	const result: RunResult = { code, stdout, stderr, ms: Date.now() - started };
	if (timedOut) {
		throw new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms`);
	}
	if ((opts.check ?? true) && code !== 0) {
		const tail = (stderr || stdout).split('\n').slice(-30).join('\n');
		throw new Error(`${command} ${args.join(' ')} exited with ${code}\n${tail}`);
	}
	return result;
}

/** Stop every process started through this module (in reverse start order). */
export async function stopAll(): Promise<void> {
	const list = [...running].reverse();
	await Promise.all(list.map((m) => m.stop(8_000).catch(() => undefined)));
}

let cleanupInstalled = false;
let signalled = false;

/** True once Ctrl-C / SIGTERM started the shutdown (processes ending then is expected). */
export function shuttingDown(): boolean {
	return signalled;
}
const cleanupHooks: Array<() => Promise<void> | void> = [];

/** Run `fn` during cleanup (before processes are stopped), e.g. closing a browser or the sandbox. */
export function onCleanup(fn: () => Promise<void> | void): void {
	cleanupHooks.push(fn);
}

/** Stop everything: cleanup hooks (newest first), then all registered processes. */
export async function cleanup(): Promise<void> {
	while (cleanupHooks.length) {
		const fn = cleanupHooks.pop()!;
		try {
			await fn();
		} catch {
			/* best effort */
		}
	}
	await stopAll();
}

/**
 * Make Ctrl-C / SIGTERM / a crash end every process we started. On a normal `process.exit`
 * the synchronous 'exit' handler SIGKILLs whatever is still registered.
 */
export function installCleanupHandlers(): void {
	if (cleanupInstalled) return;
	cleanupInstalled = true;
	let stopping = false;
	const onSignal = (sig: NodeJS.Signals) => {
		if (stopping) {
			// Second Ctrl-C: do not wait for graceful shutdown any more.
			for (const m of running) killGroup(m.pid, 'SIGKILL');
			process.exit(130);
		}
		stopping = true;
		signalled = true;
		process.stderr.write(`\nreceived ${sig}, stopping everything that was started…\n`);
		void cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	process.on('exit', () => {
		for (const m of running) killGroup(m.pid, 'SIGKILL');
	});
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
	what: string,
	fn: () => Promise<T | undefined | false | null> | T | undefined | false | null,
	timeoutMs: number,
	intervalMs = 250,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastErr: unknown;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v as T;
		} catch (e) {
			lastErr = e;
		}
		if (Date.now() > deadline) {
			const why = lastErr instanceof Error ? ` (last error: ${lastErr.message})` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
		}
		await sleep(intervalMs);
	}
}
