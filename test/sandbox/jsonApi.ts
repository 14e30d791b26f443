/** The CapMonster Cloud JSON API (https://docs.capmonster.cloud/docs/api/): createTask, getTaskResult, getBalance, the three report methods and /api/useragent/actual. */
import { apiError } from './errors';
import { isPlainObject, jsonTypeOf } from './fields';
import type { Reply, Router } from './http';
import { KEY_ERROR, errorBody, jsonReply, textReply } from './http';
import type { SandboxState } from './state';
import type { ReportKind } from './taskTypes';
import { isHttpUrl } from './validation';

const JSON_METHODS: Record<string, string> = {
	'/createtask': 'createTask',
	'/gettaskresult': 'getTaskResult',
	'/getbalance': 'getBalance',
	'/reportincorrectimagecaptcha': 'reportIncorrectImageCaptcha',
	'/reportincorrecttokencaptcha': 'reportIncorrectTokenCaptcha',
	'/reportincorrectrecaptcha': 'reportIncorrectRecaptcha',
};
const REQUEST_FIELDS = ['clientKey', 'task', 'callbackUrl', 'softId'];

export function jsonApiRouter(state: SandboxState): Router {
	const handlers: Record<string, (body: unknown) => Reply> = {
		createTask: (body) => createTask(state, body),
		getTaskResult: (body) => getTaskResult(state, body),
		getBalance: (body) => getBalance(state, body),
		reportIncorrectImageCaptcha: (body) =>
			report(state, body, 'image', 'reportIncorrectImageCaptcha'),
		reportIncorrectTokenCaptcha: (body) =>
			report(state, body, 'token', 'reportIncorrectTokenCaptcha'),
		reportIncorrectRecaptcha: (body) => report(state, body, 'token', 'reportIncorrectRecaptcha'),
	};
	return (_httpMethod, lower) => {
		const apiMethod = JSON_METHODS[lower];
		if (apiMethod)
			return { method: apiMethod, faultable: true, parse: 'json', handle: handlers[apiMethod] };
		if (lower === '/api/useragent/actual')
			return {
				method: 'getUserAgent',
				faultable: true,
				parse: 'json',
				handle: () => textReply(state.opts.userAgent),
			};
		return undefined;
	};
}

function createTask(state: SandboxState, body: unknown): Reply {
	state.counters.createTaskCalls++;
	if (!isPlainObject(body))
		return jsonReply(
			errorBody(apiError('ERROR_TASK_ABSENT', 'The request body is not a JSON object'), {
				taskId: 0,
			}),
		);
	const auth = state.authenticate(body.clientKey);
	if (!auth) return jsonReply(KEY_ERROR);
	const requestWarnings: string[] = [];
	for (const [field, value] of Object.entries(body)) {
		if (!REQUEST_FIELDS.includes(field))
			requestWarnings.push(`${field}: unknown createTask request field (${jsonTypeOf(value)})`);
	}
	if (body.softId !== undefined && !Number.isInteger(body.softId))
		requestWarnings.push(`softId: should be integer, got ${jsonTypeOf(body.softId)}`);
	let callbackUrl: string | undefined;
	if (body.callbackUrl !== undefined) {
		if (typeof body.callbackUrl === 'string' && isHttpUrl(body.callbackUrl))
			callbackUrl = body.callbackUrl;
		else
			requestWarnings.push(
				`callbackUrl: ${JSON.stringify(body.callbackUrl)} is not an http(s) URL; ignored`,
			);
	}
	const result = state.createTaskCore({
		clientKey: body.clientKey as string,
		auth,
		task: body.task,
		request: body,
		protocol: 'json',
		callbackUrl,
		requestWarnings,
	});
	if ('error' in result) return jsonReply(errorBody(result.error, { taskId: 0 }));
	return jsonReply({ errorId: 0, taskId: result.task.id });
}

function getTaskResult(state: SandboxState, body: unknown): Reply {
	state.counters.getTaskResultCalls++;
	const auth = isPlainObject(body) ? state.authenticate(body.clientKey) : undefined;
	if (!auth || !isPlainObject(body)) return jsonReply(KEY_ERROR);
	const result = state.poll(auth.key, body.taskId, Date.now());
	switch (result.kind) {
		case 'missing':
			return jsonReply(errorBody(apiError('ERROR_NO_SUCH_CAPCHA_ID', result.reason)));
		case 'refused':
			return jsonReply(errorBody(apiError('ERROR_TOO_MUCH_REQUESTS', result.reason)));
		case 'processing':
			return jsonReply({
				errorId: 0,
				status: 'processing',
				errorCode: null,
				errorDescription: null,
			});
		default:
			return jsonReply(state.resultBody(result.task));
	}
}

function getBalance(state: SandboxState, body: unknown): Reply {
	const auth = isPlainObject(body) ? state.authenticate(body.clientKey) : undefined;
	if (!auth) return jsonReply(KEY_ERROR);
	state.settleDue(Date.now());
	return jsonReply({ errorId: 0, balance: state.balances.get(auth.key) ?? 0 });
}

function report(state: SandboxState, body: unknown, kind: ReportKind, method: string): Reply {
	const auth = isPlainObject(body) ? state.authenticate(body.clientKey) : undefined;
	if (!auth || !isPlainObject(body)) return jsonReply(KEY_ERROR);
	const refusal = state.recordReport(auth.key, body.taskId, kind, method);
	return refusal
		? jsonReply(errorBody(apiError('ERROR_NO_SUCH_CAPCHA_ID', refusal)))
		: jsonReply({ errorId: 0, status: 'success' });
}
