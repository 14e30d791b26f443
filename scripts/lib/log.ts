/** Plain console output with elapsed time, shared by the e2e suite, demo and dev scripts. */
const t0 = Date.now();

export function elapsed(ms = Date.now() - t0): string {
	const s = Math.round(ms / 1000);
	return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function info(msg: string): void {
	process.stdout.write(`[${elapsed().padStart(6)}] ${msg}\n`);
}

export function warn(msg: string): void {
	process.stderr.write(`[${elapsed().padStart(6)}] WARNING: ${msg}\n`);
}

export function formatMs(ms: number): string {
	return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`;
}
