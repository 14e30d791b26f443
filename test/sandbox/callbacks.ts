/** Callbacks: a task with a callbackUrl is POSTed its result when it becomes ready (loopback only). */
import * as http from 'node:http';

import type { JsonObject } from './fields';
import type { CallbackAttempt, SandboxTask } from './types';

const CALLBACK_TIMEOUT_MS = 2000;

/**
 * Sends `body` (the getTaskResult answer) to the task's callbackUrl and records the attempt in
 * `task.callbacks`. Requests in flight are kept in `inFlight` so that close() can end them.
 */
export function sendCallback(
	task: SandboxTask,
	body: JsonObject,
	inFlight: Set<http.ClientRequest>,
): void {
	if (!task.callbackUrl) return;
	const attempt: CallbackAttempt = { url: task.callbackUrl, at: Date.now(), body };
	task.callbacks.push(attempt);
	let target: URL;
	try {
		target = new URL(task.callbackUrl);
	} catch {
		attempt.error = 'invalid URL';
		return;
	}
	// The sandbox never contacts anything but this machine.
	if (
		!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(target.hostname) &&
		!target.hostname.startsWith('127.')
	) {
		attempt.error = 'not sent: the sandbox only calls back to loopback addresses';
		return;
	}
	if (target.protocol !== 'http:') {
		attempt.error = 'not sent: the sandbox only calls back over http';
		return;
	}
	const payload = JSON.stringify(body);
	const request = http.request(
		target,
		{
			method: 'POST',
			timeout: CALLBACK_TIMEOUT_MS,
			headers: {
				'content-type': 'application/json',
				'content-length': String(Buffer.byteLength(payload)),
			},
		},
		(response) => {
			attempt.status = response.statusCode;
			response.resume();
		},
	);
	inFlight.add(request);
	request.on('close', () => inFlight.delete(request));
	request.on('timeout', () => {
		attempt.error = `timeout after ${CALLBACK_TIMEOUT_MS} ms`;
		request.destroy();
	});
	request.on('error', (error) => {
		attempt.error ??= error.message;
	});
	request.end(payload);
}
