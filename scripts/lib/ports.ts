/**
 * Free loopback ports. Each run asks the kernel for unused ports (bind 127.0.0.1:0) so that
 * parallel CI jobs, a running `npm run dev` and the e2e suite never collide.
 */
import * as net from 'node:net';

const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
	for (let attempt = 0; attempt < 20; attempt++) {
		const port = await new Promise<number>((resolve, reject) => {
			const srv = net.createServer();
			srv.unref();
			srv.on('error', reject);
			srv.listen(0, '127.0.0.1', () => {
				const addr = srv.address();
				const p = typeof addr === 'object' && addr ? addr.port : 0;
				srv.close(() => resolve(p));
			});
		});
		// The kernel may hand the same port out twice before anyone binds it; we don't.
		if (port && !handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error('no free port on 127.0.0.1');
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const s = net.connect({ host: '127.0.0.1', port });
		s.once('connect', () => {
			s.destroy();
			resolve(true);
		});
		s.once('error', () => resolve(false));
	});
}
