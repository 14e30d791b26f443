/**
 * The shared cache outside the repo (`${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-capmonster`): n8n
 * installs and Node.js builds, reused by every checkout, worktree and CI run on this machine.
 * Writers take a lock per entry, so concurrent runs never install the same thing twice at once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { info } from './log';
import { sleep } from './proc';

export function cacheRoot(): string {
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-capmonster');
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * One writer per cache entry at a time (e.g. `npm run demo` started while the e2e suite is
 * installing the same n8n): `<entry>.lock` holds the writer's pid, created exclusively. A stale
 * lock (its pid is gone) is taken over. Callers re-check the entry after getting the lock.
 */
export async function withLock<T>(entry: string, fn: () => Promise<T>): Promise<T> {
	const lock = `${entry}.lock`;
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	let announced = false;
	for (;;) {
		try {
			fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
			break;
		} catch {
			let holder = 0;
			try {
				holder = Number(fs.readFileSync(lock, 'utf8').trim());
			} catch {
				continue; // released between our attempt and the read
			}
			if (!holder || !pidAlive(holder)) {
				// Written but not yet filled in by a live writer looks like 0: give it a moment.
				const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
				if (holder || age > 5000) fs.rmSync(lock, { force: true });
				else await sleep(200);
				continue;
			}
			if (!announced) {
				info(`another process (pid ${holder}) is writing ${entry}; waiting for it…`);
				announced = true;
			}
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { force: true });
	}
}
