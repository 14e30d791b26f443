/**
 * `npm run test:engine-latest [-- <jest args>]`: the jest suite once more, with n8n-core and
 * n8n-workflow taken from n8n's newest engine (installed into the cache on first use) instead
 * of the dev copies `npm test` uses. Exit code: jest's.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ensureEngineLatest } from './lib/engine';
import { REPO_ROOT } from './lib/pkg';
import { ENGINE_LATEST } from './lib/versions';

async function main(): Promise<number> {
	const dir = await ensureEngineLatest();
	process.stdout.write(
		`jest with n8n-core ${ENGINE_LATEST['n8n-core']} and n8n-workflow ${ENGINE_LATEST['n8n-workflow']} from ${dir}\n`,
	);
	const jest = path.join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
	const child = spawn(
		process.execPath,
		[jest, '-c', path.join(REPO_ROOT, 'jest.engine-latest.config.js'), ...process.argv.slice(2)],
		{ cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, CAPMONSTER_ENGINE_DIR: dir } },
	);
	return new Promise((resolve) => child.on('exit', (code, sig) => resolve(code ?? (sig ? 1 : 0))));
}

main().then(
	(code) => process.exit(code),
	(e: unknown) => {
		process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
		process.exit(1);
	},
);
