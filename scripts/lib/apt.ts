/**
 * System tools the e2e suite needs beyond npm: Debian packages installed with apt-get when the
 * binary is missing (CI images and this dev box are Debian). Uses sudo when not root.
 */
import * as fs from 'node:fs';
import { info } from './log';
import { run } from './proc';

const inFlight = new Map<string, Promise<string>>();
let updated = false;
/** apt holds a global lock: run our apt-get calls one after another. */
let aptQueue: Promise<unknown> = Promise.resolve();

function asRoot(cmd: string[]): [string, string[]] {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	return isRoot ? [cmd[0], cmd.slice(1)] : ['sudo', ['-n', ...cmd]];
}

/**
 * Make sure `binary` exists, installing Debian package `pkg` if not. Returns the binary path.
 * Concurrent callers share one install.
 */
export function ensureAptBinary(binary: string, pkg: string): Promise<string> {
	if (fs.existsSync(binary)) return Promise.resolve(binary);
	let p: Promise<string> | undefined = inFlight.get(pkg);
	if (!p) {
		p = aptQueue.then(() => installApt(binary, pkg));
		aptQueue = p.catch(() => undefined);
		inFlight.set(pkg, p);
	}
	return p;
}

async function installApt(binary: string, pkg: string): Promise<string> {
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = async () => {
		// Wait for a lock held by someone else (e.g. unattended upgrades) instead of failing.
		const [cmd, args] = asRoot([
			'apt-get',
			'-o',
			'DPkg::Lock::Timeout=600',
			'install',
			'-y',
			'--no-install-recommends',
			pkg,
		]);
		return run(cmd, args, { env, check: false, timeoutMs: 15 * 60_000 });
	};
	info(`${binary} is missing: installing Debian package ${pkg} (apt-get)…`);
	let res = await install();
	if (res.code !== 0 && !updated) {
		// Fresh containers have empty package lists.
		info('  apt-get update…');
		updated = true;
		const [cmd, args] = asRoot(['apt-get', '-o', 'DPkg::Lock::Timeout=600', 'update']);
		await run(cmd, args, { env, check: false, timeoutMs: 10 * 60_000 });
		res = await install();
	}
	if (res.code !== 0 || !fs.existsSync(binary)) {
		throw new Error(
			`could not install ${pkg} (needed: ${binary}); install it yourself (apt-get install ${pkg}).\n${res.stderr.slice(-1500)}`,
		);
	}
	info(`installed ${pkg} (${Math.round(res.ms / 1000)} s)`);
	return binary;
}
