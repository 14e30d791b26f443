/**
 * A small recording relay between the node and the sandbox for the Protocol tests
 * (test/engine/rucaptcha*.test.ts): it shows what went over the wire (path, query, content type,
 * raw body), which the sandbox's own log merges together. Plus what those tests share.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { CredentialData, RunNodeOptions } from './engine';
import { API_KEY, type SandboxFixture } from './fixtures';
import { renderCaptchaPng, type SandboxTask } from '../sandbox';

export interface WireRequest {
	method: string;
	/** Path and query exactly as sent. */
	url: string;
	contentType: string;
	body: string;
}

export type Protocol = 'json' | 'rucaptcha';
export type RunOptions = Omit<Partial<RunNodeOptions>, 'credentials'> & {
	credentials?: Partial<CredentialData>;
};

export interface Relay {
	/** Every request the node sent through the relay in this test. */
	wire: WireRequest[];
	readonly url: string;
	/** The credential, aimed at the relay, with the given protocol. */
	credentials(protocol: Protocol, overrides?: Partial<CredentialData>): CredentialData;
	/** The sandbox's task table. */
	tasks(): SandboxTask[];
}

/**
 * Starts a relay to `env`'s sandbox for the file's tests, empties its record before each test and
 * checks after each that the node kept to the polling limits, whatever the protocol.
 */
export function useRelay(env: SandboxFixture): Relay {
	const wire: WireRequest[] = [];
	let relay: { url: string; close(): Promise<void> };

	async function startRelay(): Promise<{ url: string; close(): Promise<void> }> {
		const sockets = new Set<Socket>();
		const server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const body = Buffer.concat(chunks);
				wire.push({
					method: req.method ?? '',
					url: req.url ?? '',
					contentType: String(req.headers['content-type'] ?? ''),
					body: body.toString('utf8'),
				});
				const upstream = http.request(
					`${env.sandbox.url}${req.url ?? '/'}`,
					{ method: req.method, headers: { ...req.headers, host: new URL(env.sandbox.url).host } },
					(answer) => {
						res.writeHead(answer.statusCode ?? 502, answer.headers);
						answer.pipe(res);
					},
				);
				upstream.on('error', () => res.destroy());
				upstream.end(body);
			});
		});
		server.on('connection', (socket: Socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		return {
			url: `http://127.0.0.1:${port}`,
			close: async () => {
				for (const socket of sockets) socket.destroy();
				await new Promise<void>((resolve) => server.close(() => resolve()));
			},
		};
	}

	beforeAll(async () => {
		relay = await startRelay();
	});
	afterAll(async () => {
		await relay?.close();
	});
	beforeEach(() => {
		wire.length = 0;
	});
	afterEach(() => {
		// Whatever the protocol, the node keeps to the polling limits.
		expect(env.sandbox.stats().pollViolations).toBe(0);
	});

	return {
		wire,
		get url() {
			return relay.url;
		},
		credentials: (protocol, overrides = {}) => ({
			apiKey: API_KEY,
			noCache: false,
			baseUrl: relay.url,
			protocol,
			...overrides,
		}),
		tasks: () => [...env.sandbox.tasks.values()],
	};
}

/** The form fields of a request body, in order. */
export const formOf = (request: WireRequest): Array<[string, string]> => [
	...new URLSearchParams(request.body),
];

export const IMAGE = renderCaptchaPng('K7PX2M').toString('base64');
export const PROXY = {
	proxyInput: 'fields',
	proxyType: 'http',
	proxyAddress: '203.0.113.7',
	proxyPort: 8080,
	proxyLogin: 'user',
	proxyPassword: 'pass',
};
