/**
 * A private Redis for n8n's queue mode: Debian's redis-server on 127.0.0.1 and a free port,
 * no persistence, stopped by its PID with everything else.
 */
import { ensureAptBinary } from './apt';
import { freePort } from './ports';
import { startProcess, waitFor, type Managed } from './proc';
import * as net from 'node:net';

export const REDIS_BIN = '/usr/bin/redis-server';

export function ensureRedis(): Promise<string> {
	return ensureAptBinary(REDIS_BIN, 'redis-server');
}

function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const s = net.connect({ host: '127.0.0.1', port });
		let buf = '';
		s.once('connect', () => s.write('PING\r\n'));
		s.on('data', (d) => {
			buf += d.toString();
			if (buf.includes('\r\n')) {
				s.destroy();
				resolve(buf.startsWith('+PONG'));
			}
		});
		s.once('error', () => resolve(false));
		setTimeout(() => {
			s.destroy();
			resolve(false);
		}, 1000);
	});
}

export async function startRedis(logFile?: string): Promise<{ port: number; proc: Managed }> {
	const bin = await ensureRedis();
	const port = await freePort();
	const proc = startProcess(
		'redis',
		bin,
		[
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{ logFile },
	);
	await waitFor(`redis on 127.0.0.1:${port}`, () => ping(port), 15_000, 100);
	return { port, proc };
}
