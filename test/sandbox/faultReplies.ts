/**
 * How a fault rule (faults.ts) answers a request: a dropped connection, a hang, malformed JSON,
 * an error code, an HTTP status or redirect, a body dripped one byte at a time, an echo of the
 * request. Delays are applied by the server before or after the handler runs.
 */
import * as http from 'node:http';

import { apiError } from './errors';
import type { FaultRule } from './faults';
import { isPlainObject } from './fields';
import type { Route } from './http';
import { errorBody, jsonReply, send, textReply } from './http';
import { ruReply } from './rucaptcha';
import type { RequestLogEntry } from './types';

export function applyFault(
	res: http.ServerResponse,
	rule: FaultRule,
	route: Route,
	body: unknown,
	entry: RequestLogEntry,
): void {
	switch (rule.kind) {
		case 'reset':
		case 'refuse':
			res.socket?.destroy();
			return;
		case 'hang':
			return; // answered never; close() destroys the socket
		case 'malformed':
			return send(
				res,
				{
					...textReply('{"errorId":0,"status":"ready","solution":{"text"', 200),
					contentType: 'application/json',
				},
				entry,
			);
		case 'errorCode': {
			const error = apiError(rule.errorCode ?? 'ERROR_NO_SLOT_AVAILABLE', rule.errorDescription);
			if (route.method === 'in.php' || route.method === 'res.php') {
				const reply = ruReply(isPlainObject(body) && body.json === '1', false, error.errorCode);
				return send(
					res,
					{ status: 200, contentType: reply.contentType, text: reply.text, logged: reply.parsed },
					entry,
				);
			}
			return send(
				res,
				jsonReply(errorBody(error, route.method === 'createTask' ? { taskId: 0 } : {})),
				entry,
			);
		}
		case 'http': {
			const status = rule.status ?? 500;
			if (rule.location !== undefined)
				return send(res, { ...textReply('', status), headers: { location: rule.location } }, entry);
			if (rule.body !== undefined)
				return send(
					res,
					typeof rule.body === 'string'
						? textReply(rule.body, status)
						: jsonReply(rule.body, status),
					entry,
				);
			// Field reports show JSON error bodies with 402/403/429; other statuses look like a proxy's HTML page.
			const known: Record<number, string> = {
				402: 'ERROR_ZERO_BALANCE',
				403: 'ERROR_KEY_DOES_NOT_EXIST',
				429: 'ERROR_TOO_MUCH_REQUESTS',
			};
			if (known[status])
				return send(res, jsonReply(errorBody(apiError(known[status])), status), entry);
			const title = `${status} ${http.STATUS_CODES[status] ?? 'Error'}`;
			return send(
				res,
				textReply(
					`<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
					status,
					'text/html',
				),
				entry,
			);
		}
		case 'drip':
			return drip(res, rule, entry);
		case 'echo':
			return echo(res, rule, route, body, entry);
		case 'delay':
			return; // handled by dispatch
	}
}

/** Sends the answer one byte at a time, `ms` apart: the socket is never idle long enough to time out. */
function drip(res: http.ServerResponse, rule: FaultRule, entry: RequestLogEntry): void {
	const text =
		typeof rule.body === 'string'
			? rule.body
			: JSON.stringify(rule.body ?? { errorId: 0, taskId: 1, status: 'processing' });
	const bytes = Buffer.from(text);
	entry.status = 200;
	entry.respondedAt = Date.now();
	res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
	let sent = 0;
	const timer = setInterval(() => {
		if (sent >= bytes.length || res.destroyed) {
			clearInterval(timer);
			if (!res.destroyed) res.end();
			return;
		}
		res.write(bytes.subarray(sent, sent + 1));
		sent++;
	}, rule.ms ?? 1000);
	res.on('close', () => clearInterval(timer));
}

/** An error (or a redirect) that repeats the request it answers, key and all. */
function echo(
	res: http.ServerResponse,
	rule: FaultRule,
	route: Route,
	body: unknown,
	entry: RequestLogEntry,
): void {
	const request = JSON.stringify(body);
	if (rule.location !== undefined) {
		const location = `${rule.location}?echo=${encodeURIComponent(request)}`;
		return send(res, { ...textReply('', rule.status ?? 302), headers: { location } }, entry);
	}
	const errorCode = rule.errorCode ?? 'ERROR_KEY_DOES_NOT_EXIST';
	const description = `Request was: ${request}`;
	if (route.method === 'in.php' || route.method === 'res.php') {
		const reply = { status: 0, request: errorCode, error_text: description };
		return send(res, jsonReply(reply), entry);
	}
	return send(res, jsonReply({ errorId: 1, errorCode, errorDescription: description }), entry);
}
