/**
 * The e2e suite's tiny test harness: scenarios made of named checks, plain assertions, and a
 * per-n8n-version context (pinned n8n, packed tarball, sandbox, log folder).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { N8nInstance, type CredentialFixture, type N8nInstall } from '../../scripts/lib/n8n';
import { installTarball } from '../../scripts/lib/pkg';
import type { SandboxProcess as Sandbox } from '../../scripts/lib/sandbox';
import type { Workflow } from '../../scripts/lib/workflows';
import { info } from '../../scripts/lib/log';
import { onCleanup, shuttingDown } from '../../scripts/lib/proc';

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
	}): Promise<N8nInstance>;
}

export interface Scenario {
	name: string;
	title: string;
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
	const ctx: Context = {
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
	};
	// Cleanup of the instances created for this scenario, called by the runner.
	(ctx as Context & { dispose(): Promise<void> }).dispose = async () => {
		for (const inst of instances) {
			await inst.stop();
			if (!base.keep) inst.removeUserFolder();
			else info(`  kept user folder ${inst.userFolder}`);
		}
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
