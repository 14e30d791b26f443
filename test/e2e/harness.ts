/**
 * The e2e suite's tiny test harness: scenarios made of named checks, plain assertions, and a
 * per-n8n-version context (pinned n8n, packed tarball, sandbox, log folder).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { N8nInstance, type CredentialFixture, type N8nInstall } from '../../scripts/lib/n8n';
import { installTarball } from '../../scripts/lib/pkg';
import type { SandboxProcess as Sandbox } from '../../scripts/lib/sandbox';
import { SANDBOX_CREDENTIAL, credential, type Workflow } from '../../scripts/lib/workflows';
import { info } from '../../scripts/lib/log';
import { onCleanup, shuttingDown, type Managed } from '../../scripts/lib/proc';
import { startRedis } from '../../scripts/lib/redis';
import { startPostgres } from '../../scripts/lib/postgres';
import { N8nRest } from '../../scripts/lib/rest';

export class AssertionError extends Error {}

export function assert(cond: unknown, message: string): asserts cond {
	if (!cond) throw new AssertionError(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
	if (actual !== expected) {
		throw new AssertionError(
			`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
		);
	}
}

export function assertIncludes(haystack: string | undefined, needle: string, what: string): void {
	if (!haystack || !haystack.includes(needle)) {
		throw new AssertionError(
			`${what}: expected to contain ${JSON.stringify(needle)}, got ${JSON.stringify(haystack)}`,
		);
	}
}

export interface Context {
	install: N8nInstall;
	version: string;
	tarball: string;
	sandbox: Sandbox;
	/** `.e2e/logs/<run>/<version>/<scenario>` */
	logDir: string;
	keep: boolean;
	/** One named check; the suite counts each as a test. */
	check(name: string, fn: () => Promise<void>): Promise<void>;
	/** A fresh n8n user folder with the package installed and credentials + workflows imported. */
	newInstance(opts: {
		credentials: CredentialFixture[];
		workflows: Workflow[];
		/** Settings for every n8n command of this instance (e.g. its database). */
		env?: NodeJS.ProcessEnv;
	}): Promise<N8nInstance>;
	/**
	 * The usual set-up: `newInstance` with the "CapMonster sandbox" credential (the sandbox's key,
	 * or `apiKey`) plus `credentials`, and these workflows imported.
	 */
	sandboxN8n(
		workflows: Workflow[],
		opts?: { apiKey?: string; credentials?: CredentialFixture[]; env?: NodeJS.ProcessEnv },
	): Promise<N8nInstance>;
	/**
	 * `sandboxN8n`, then the `activate` workflows made live, `n8n start` and the owner account set
	 * up (for the REST API). With `queue`: a private Redis and PostgreSQL (n8n's queue mode needs
	 * PostgreSQL: with SQLite, main and workers writing at once fail with SQLITE_BUSY) and
	 * `queue.workers` workers; Redis and PostgreSQL are stopped after n8n.
	 */
	startedN8n(
		workflows: Workflow[],
		opts?: {
			apiKey?: string;
			credentials?: CredentialFixture[];
			activate?: string[];
			env?: NodeJS.ProcessEnv;
			queue?: { workers: number; concurrency?: number };
		},
	): Promise<StartedN8n>;
}

export interface Worker {
	proc: Managed;
	logFile: string;
}

export interface StartedN8n {
	n8n: N8nInstance;
	rest: N8nRest;
	/** Queue mode only: the workers started so far. */
	workers: Worker[];
	/** Queue mode only: start one more worker. */
	addWorker(concurrency?: number): Promise<Worker>;
}

export interface Scenario {
	name: string;
	title: string;
	/** System tools it uses, installed with apt before the run when missing. */
	needs?: Array<'redis' | 'postgres' | 'chromium'>;
	run(ctx: Context): Promise<void>;
}

export interface Result {
	version: string;
	scenario: string;
	check: string;
	ok: boolean;
	ms: number;
	error?: string;
}

export function makeContext(base: {
	install: N8nInstall;
	tarball: string;
	sandbox: Sandbox;
	logDir: string;
	keep: boolean;
	scenario: string;
	results: Result[];
}): Context {
	const instances: N8nInstance[] = [];
	const ctx = {
		install: base.install,
		version: base.install.version,
		tarball: base.tarball,
		sandbox: base.sandbox,
		logDir: base.logDir,
		keep: base.keep,
		async check(name, fn) {
			const started = Date.now();
			try {
				await fn();
				const ms = Date.now() - started;
				base.results.push({
					version: ctx.version,
					scenario: base.scenario,
					check: name,
					ok: true,
					ms,
				});
				info(`  ✔ ${name} (${(ms / 1000).toFixed(1)} s)`);
			} catch (e) {
				if (shuttingDown()) throw e; // Ctrl-C: not a test failure
				const ms = Date.now() - started;
				const error =
					e instanceof Error
						? e instanceof AssertionError
							? e.message
							: (e.stack ?? e.message)
						: String(e);
				base.results.push({
					version: ctx.version,
					scenario: base.scenario,
					check: name,
					ok: false,
					ms,
					error,
				});
				info(`  ✘ ${name} (${(ms / 1000).toFixed(1)} s)\n${indent(error)}`);
			}
		},
		async newInstance(opts) {
			const inst = await N8nInstance.create(base.install, {
				logDir: path.join(base.logDir, `n8n-${instances.length + 1}`),
				env: opts.env,
			});
			instances.push(inst);
			// Also on Ctrl-C: stop its processes, then delete its folder.
			onCleanup(async () => {
				await inst.stop();
				if (!base.keep) inst.removeUserFolder();
			});
			await installTarball(base.tarball, inst.nodesDir);
			// The first import also runs all DB migrations (a few seconds).
			await inst.importCredentials(opts.credentials);
			if (opts.workflows.length) await inst.importWorkflows(opts.workflows);
			return inst;
		},
	} as Context;
	// Redis and PostgreSQL of queue-mode instances: stopped after n8n, so n8n never sees them go.
	const services: Array<() => Promise<void>> = [];
	ctx.sandboxN8n = (workflows, opts = {}) =>
		ctx.newInstance({
			credentials: [
				credential(SANDBOX_CREDENTIAL, base.sandbox.url, opts.apiKey ?? base.sandbox.key),
				...(opts.credentials ?? []),
			],
			workflows,
			env: opts.env,
		});
	ctx.startedN8n = async (workflows, opts = {}) => {
		let env: NodeJS.ProcessEnv = { ...opts.env };
		if (opts.queue) {
			const n = services.length / 2 + 1;
			const [redis, pg] = await Promise.all([
				startRedis(path.join(base.logDir, `redis-${n}.log`)),
				startPostgres(path.join(base.logDir, `postgres-${n}.log`)),
			]);
			services.push(
				() => redis.proc.stop(3000),
				() => pg.stop(),
			);
			env = {
				...pg.env,
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				// Unique per run, so a shared Redis would not mix jobs either.
				QUEUE_BULL_PREFIX: `bull-capmonster-${process.pid}-${n}`,
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				...env,
			};
		}
		const n8n = await ctx.sandboxN8n(workflows, { ...opts, env });
		for (const id of opts.activate ?? []) await n8n.activateWorkflow(id);
		await n8n.start();
		const workers: Worker[] = [];
		const addWorker = async (concurrency = opts.queue?.concurrency) => {
			if (!opts.queue) throw new Error('addWorker: this instance is not in queue mode');
			const w = await n8n.startWorker({}, { concurrency });
			workers.push(w);
			return w;
		};
		for (let i = 0; i < (opts.queue?.workers ?? 0); i++) await addWorker();
		const rest = new N8nRest(n8n.baseUrl, base.install);
		await rest.setupOwner();
		return { n8n, rest, workers, addWorker };
	};
	// Cleanup of the instances created for this scenario, called by the runner.
	(ctx as Context & { dispose(): Promise<void> }).dispose = async () => {
		for (const inst of instances) {
			await inst.stop();
			if (!base.keep) inst.removeUserFolder();
			else info(`  kept user folder ${inst.userFolder}`);
		}
		for (const stop of services.splice(0)) await stop().catch(() => undefined);
	};
	return ctx;
}

export async function disposeContext(ctx: Context): Promise<void> {
	await (ctx as Context & { dispose?: () => Promise<void> }).dispose?.();
}

function indent(s: string): string {
	return s
		.split('\n')
		.slice(0, 40)
		.map((l) => `      ${l}`)
		.join('\n');
}

export function writeJson(file: string, data: unknown): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
}
