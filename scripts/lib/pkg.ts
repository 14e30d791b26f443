/**
 * Getting this repo's package into an n8n user folder the way a user's n8n would have it.
 *
 * - `buildAndPack()`: `npm run build` + `npm pack` → a tarball (what gets published).
 * - `installTarball()`: extract it into `<user folder>/.n8n/nodes/node_modules/n8n-nodes-capmonster`,
 *   which is where n8n's community-package loader looks, so the node type is exactly what
 *   users see: `n8n-nodes-capmonster.capMonster`. (n8n's own installer also just extracts the
 *   tarball, strips peerDependencies and installs runtime dependencies, if any.)
 * - `devPackageDir()`: for `npm run dev` — the same folder, but fed by `tsc --watch`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { info } from './log';
import { run } from './proc';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-capmonster';
export const NODE_TYPE = `${PACKAGE_NAME}.capMonster`;
export const CREDENTIAL_TYPE = 'capMonsterApi';

interface PackageJson {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	[k: string]: unknown;
}

export function readPackageJson(dir = REPO_ROOT): PackageJson {
	return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** `npm run build` then `npm pack` into `outDir`; returns the tarball path. */
export async function buildAndPack(
	outDir: string,
	opts: { skipBuild?: boolean; logFile?: string } = {},
) {
	fs.mkdirSync(outDir, { recursive: true });
	if (!opts.skipBuild) {
		info('building the package (npm run build)…');
		const b = await run('npm', ['run', 'build', '--silent'], {
			cwd: REPO_ROOT,
			logFile: opts.logFile,
			timeoutMs: 5 * 60_000,
			check: false,
		});
		if (b.code !== 0) {
			const out = (b.stdout + b.stderr).split('\n').slice(-40).join('\n');
			throw new Error(`npm run build failed (exit ${b.code}):\n${out}`);
		}
	}
	const pkg = readPackageJson();
	for (const file of nodeFiles(pkg, REPO_ROOT)) {
		if (!fs.existsSync(file))
			throw new Error(`build did not produce ${path.relative(REPO_ROOT, file)}`);
	}
	// --ignore-scripts: a prepack/prepublish hook must not rebuild behind our back.
	const p = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], {
		cwd: REPO_ROOT,
		logFile: opts.logFile,
	});
	const meta = JSON.parse(p.stdout.slice(p.stdout.indexOf('['))) as Array<{ filename: string }>;
	const tarball = path.join(outDir, meta[0].filename);
	info(`packed ${path.basename(tarball)} (${Math.round(fs.statSync(tarball).size / 1024)} kB)`);
	return tarball;
}

/** The node/credential entry files the package.json `n8n` section points at. */
function nodeFiles(pkg: PackageJson, dir: string): string[] {
	const n8n = (pkg.n8n ?? {}) as { nodes?: string[]; credentials?: string[] };
	return [...(n8n.nodes ?? []), ...(n8n.credentials ?? [])].map((f) => path.join(dir, f));
}

/** Extract the tarball as a community package into `nodesDir/<name>` (replacing an old copy). */
export async function installTarball(tarball: string, nodesDir: string): Promise<string> {
	const dest = path.join(nodesDir, PACKAGE_NAME);
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1']);
	const pkg = readPackageJson(dest);
	// As n8n's installer does: the peer n8n-workflow is n8n's own copy (found through NODE_PATH).
	delete pkg.peerDependencies;
	delete pkg.devDependencies;
	fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify(pkg, null, 2));
	if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
		info(
			`installing the package's runtime dependencies (${Object.keys(pkg.dependencies).join(', ')})…`,
		);
		await run(
			'npm',
			['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'],
			{
				cwd: dest,
				timeoutMs: 5 * 60_000,
			},
		);
	}
	// Minimal parent package.json, as n8n keeps in `.n8n/nodes`.
	const parent = path.join(path.dirname(nodesDir), 'package.json');
	if (!fs.existsSync(parent)) {
		fs.writeFileSync(
			parent,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}
	return dest;
}

/**
 * For `npm run dev`: a package folder whose `dist/` is written directly by `tsc --watch`.
 * The compiled files must really live inside the user folder (not behind a symlink into the
 * repo): otherwise `require('n8n-workflow')` would resolve to the repo's devDependency copy
 * instead of n8n's own, and n8n's `instanceof` checks on errors could fail.
 */
export function prepareDevPackageDir(nodesDir: string): string {
	const dest = path.join(nodesDir, PACKAGE_NAME);
	fs.mkdirSync(dest, { recursive: true });
	const pkg = readPackageJson();
	delete pkg.peerDependencies;
	delete pkg.devDependencies;
	delete pkg.scripts;
	fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify(pkg, null, 2));
	copyAssets(path.join(dest, 'dist'));
	return dest;
}

/** Same files as gulp's `build:assets`: icons and codex JSON next to the compiled code. */
export function copyAssets(distDir: string): void {
	const walk = (rel: string) => {
		const abs = path.join(REPO_ROOT, rel);
		if (!fs.existsSync(abs)) return;
		for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
			const r = path.join(rel, e.name);
			if (e.isDirectory()) walk(r);
			else if (/\.(png|svg)$/.test(e.name) || e.name.endsWith('.node.json')) {
				fs.mkdirSync(path.join(distDir, rel), { recursive: true });
				fs.copyFileSync(path.join(REPO_ROOT, r), path.join(distDir, r));
			}
		}
	};
	walk('nodes');
	walk('credentials');
}
