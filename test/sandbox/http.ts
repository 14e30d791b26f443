/** HTTP plumbing shared by every part of the sandbox: replies, routes, reading and parsing bodies. */
import type * as http from 'node:http';

import type { ApiError } from './errors';
import { apiError } from './errors';
import type { JsonObject } from './fields';
import { isPlainObject } from './fields';
import type { RequestLogEntry } from './types';

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export interface Reply {
	status: number;
	contentType: string;
	text: string | Buffer;
	/** What goes into the request log. */
	logged: unknown;
	headers?: Record<string, string>;
}

export const jsonReply = (body: unknown, status = 200): Reply => ({
	status,
	contentType: 'application/json; charset=utf-8',
	text: JSON.stringify(body),
	logged: body,
});
export const textReply = (
	text: string,
	status = 200,
	contentType = 'text/plain; charset=utf-8',
): Reply => ({
	status,
	contentType,
	text,
	logged: text,
});
export const errorBody = (error: ApiError, extra: JsonObject = {}): JsonObject => ({
	errorId: 1,
	...error,
	...extra,
});
export const KEY_ERROR = errorBody(apiError('ERROR_KEY_DOES_NOT_EXIST'), { taskId: 0 });

export interface Route {
	method: string;
	/** Subject to faults and pause (the API); the demo site and control endpoints are not faulted. */
	faultable: boolean;
	handle: (body: unknown, url: URL, raw: string) => Reply;
	/** How the body is parsed for the log and handler. */
	parse: 'json' | 'params' | 'form';
}

/**
 * One part of the sandbox's routing (the JSON API, the RuCaptcha endpoints, the demo site, …):
 * the route for a path, or undefined when the path is not this part's. `lower` is the path in
 * lower case without a trailing slash.
 */
export type Router = (httpMethod: string, lower: string, path: string) => Route | undefined;

export function send(res: http.ServerResponse, reply: Reply, entry?: RequestLogEntry): void {
	if (entry) {
		entry.status = reply.status;
		entry.response = reply.logged;
		entry.respondedAt = Date.now();
	}
	if (res.destroyed || res.writableEnded) return;
	const payload = typeof reply.text === 'string' ? Buffer.from(reply.text, 'utf8') : reply.text;
	res.writeHead(reply.status, {
		'content-type': reply.contentType,
		'content-length': String(payload.length),
		...reply.headers,
	});
	res.end(payload);
}

/** The body as text; undefined when it is over 20 MB or the request broke off. */
export function readBody(req: http.IncomingMessage): Promise<string | undefined> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooBig = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) tooBig = true;
			else chunks.push(chunk);
		});
		req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString('utf8')));
		req.on('error', () => resolve(undefined));
	});
}

/**
 * JSON methods: the body is JSON whatever the content type (the .NET client posts text/plain).
 * in.php/res.php and the demo form: query parameters merged with a form-encoded or JSON body.
 */
export function parseBody(raw: string, url: URL, mode: Route['parse']): unknown {
	if (mode === 'json') {
		if (raw.trim() === '') return undefined;
		try {
			return JSON.parse(raw) as unknown;
		} catch {
			return raw;
		}
	}
	const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
	const trimmed = raw.trim();
	if (trimmed.startsWith('{')) {
		try {
			const parsed = JSON.parse(trimmed) as unknown;
			if (isPlainObject(parsed))
				for (const [name, value] of Object.entries(parsed))
					params[name] = mode === 'params' && typeof value !== 'string' ? String(value) : value;
			return params;
		} catch {
			// fall through to form decoding
		}
	}
	if (trimmed !== '') Object.assign(params, Object.fromEntries(new URLSearchParams(trimmed)));
	return params;
}
