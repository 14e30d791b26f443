/**
 * The newest n8n engine (n8n-core + n8n-workflow, see ENGINE_LATEST) for a second run of the
 * jest suite: installed into the shared cache with `--ignore-scripts`, because its expression
 * runtime pulls isolated-vm 7 (Node.js 24 only, native); plain expression evaluation, which is
 * all the tests need, does not load it. jest.engine-latest.config.js maps the two packages here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { info, elapsed } from './log';
import { run } from './proc';
import { cacheRoot, withLock } from './cache';
import { ENGINE_LATEST } from './versions';

export function engineDir(): string {
	return path.join(cacheRoot(), `engine-n8n-core-${ENGINE_LATEST['n8n-core']}`);
}

function complete(dir: string): boolean {
	return Object.entries(ENGINE_LATEST).every(([name, version]) => {
		try {
			const pkg = JSON.parse(
				fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8'),
			) as { version?: string };
			return pkg.version === version && fs.existsSync(path.join(dir, '.complete'));
		} catch {
			return false;
		}
	});
}

export async function ensureEngineLatest(): Promise<string> {
	const dir = engineDir();
	if (complete(dir)) return dir;
	return withLock(dir, async () => {
		if (complete(dir)) return dir;
		const specs = Object.entries(ENGINE_LATEST).map(([n, v]) => `${n}@${v}`);
		const started = Date.now();
		info(`installing ${specs.join(' + ')} into ${dir} (first use only, about a minute)`);
		const tmp = `${dir}.partial-${process.pid}`;
		fs.rmSync(tmp, { recursive: true, force: true });
		fs.mkdirSync(tmp, { recursive: true });
		fs.writeFileSync(
			path.join(tmp, 'package.json'),
			JSON.stringify(
				{
					name: 'capmonster-engine-latest',
					private: true,
					description: `n8n's newest engine for n8n-nodes-capmonster's npm run test:engine-latest (created by scripts/lib/engine.ts; safe to delete)`,
				},
				null,
				2,
			) + '\n',
		);
		try {
			const res = await run(
				'npm',
				[
					'install',
					...specs,
					'--save-exact',
					'--ignore-scripts',
					'--no-audit',
					'--no-fund',
					'--no-update-notifier',
				],
				{ cwd: tmp, check: false, timeoutMs: 20 * 60_000, logFile: `${dir}.install.log` },
			);
			if (res.code !== 0) {
				const tail = (res.stderr || res.stdout).trim().split('\n').slice(-15).join('\n');
				throw new Error(
					`npm install ${specs.join(' ')} failed (exit ${res.code}); see ${dir}.install.log\n${tail}`,
				);
			}
			fs.writeFileSync(
				path.join(tmp, '.complete'),
				JSON.stringify({ ...ENGINE_LATEST, node: process.version, at: new Date().toISOString() }) +
					'\n',
			);
			fs.rmSync(dir, { recursive: true, force: true });
			fs.renameSync(tmp, dir);
		} catch (e) {
			fs.rmSync(tmp, { recursive: true, force: true });
			throw e;
		}
		info(`installed in ${elapsed(Date.now() - started)}`);
		return dir;
	});
}
