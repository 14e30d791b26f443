/** The RuCaptcha-compatible endpoints in.php and res.php, over the same task table as the JSON API (the translation is rucaptcha.ts). */
import type { Reply, Router } from './http';
import type { RuParams } from './rucaptcha';
import { ruCaptchaAnswer, ruCaptchaTask, ruReply } from './rucaptcha';
import type { SandboxState } from './state';

export function ruCaptchaRouter(state: SandboxState): Router {
	return (_httpMethod, lower) => {
		if (lower === '/in.php')
			return {
				method: 'in.php',
				faultable: true,
				parse: 'params',
				handle: (body) => inPhp(state, body as RuParams),
			};
		if (lower === '/res.php')
			return {
				method: 'res.php',
				faultable: true,
				parse: 'params',
				handle: (body) => resPhp(state, body as RuParams),
			};
		return undefined;
	};
}

function ruReplyOf(reply: ReturnType<typeof ruReply>): Reply {
	return { status: 200, contentType: reply.contentType, text: reply.text, logged: reply.parsed };
}

function inPhp(state: SandboxState, params: RuParams): Reply {
	state.counters.createTaskCalls++;
	const json = params.json === '1';
	const fail = (code: string): Reply => ruReplyOf(ruReply(json, false, code, { bare: true }));
	if (!params.key) return fail('ERROR_WRONG_USER_KEY');
	const auth = state.authenticate(params.key);
	if (!auth) return fail('ERROR_KEY_DOES_NOT_EXIST');
	const mapping = ruCaptchaTask(params);
	if (!mapping.task) return fail(mapping.error ?? 'ERROR_BAD_PARAMETERS');
	const result = state.createTaskCore({
		clientKey: params.key,
		auth,
		task: mapping.task,
		request: params,
		protocol: 'rucaptcha',
		nocacheParam: params.nocache === '1',
		requestWarnings: mapping.warnings,
	});
	if ('error' in result)
		return fail(
			result.error.errorCode === 'InputValidationError'
				? 'ERROR_BAD_PARAMETERS'
				: result.error.errorCode,
		);
	return ruReplyOf(ruReply(json, true, String(result.task.id)));
}

function resPhp(state: SandboxState, params: RuParams): Reply {
	const json = params.json === '1';
	const fail = (code: string): Reply => ruReplyOf(ruReply(json, false, code, { bare: true }));
	if (!params.key) return fail('ERROR_WRONG_USER_KEY');
	const auth = state.authenticate(params.key);
	if (!auth) return fail('ERROR_KEY_DOES_NOT_EXIST');
	switch ((params.action ?? '').toLowerCase()) {
		case 'get': {
			state.counters.getTaskResultCalls++;
			const result = state.poll(auth.key, params.id, Date.now());
			if (result.kind === 'missing') return fail('ERROR_WRONG_CAPTCHA_ID');
			if (result.kind === 'refused') return fail('ERROR_TOO_MUCH_REQUESTS');
			if (result.kind === 'processing') return fail('CAPCHA_NOT_READY');
			if (result.kind === 'failed')
				return fail(result.task.errorCode ?? 'ERROR_CAPTCHA_UNSOLVABLE');
			const { answer, useragent } = ruCaptchaAnswer(result.task.solution ?? {});
			return ruReplyOf(ruReply(json, true, answer, { extra: useragent ? { useragent } : {} }));
		}
		case 'getbalance':
			state.settleDue(Date.now());
			return ruReplyOf(
				ruReply(json, true, String(state.balances.get(auth.key) ?? 0), { bare: true }),
			);
		case 'reportbad':
			return state.recordReport(auth.key, params.id, undefined, 'res.php:reportbad')
				? fail('ERROR_WRONG_CAPTCHA_ID')
				: ruReplyOf(ruReply(json, true, 'OK_REPORT_RECORDED', { bare: true }));
		case 'reportgood': {
			const found = state.findTask(auth.key, params.id, Date.now());
			return typeof found === 'string'
				? fail('ERROR_WRONG_CAPTCHA_ID')
				: ruReplyOf(ruReply(json, true, 'OK_REPORT_RECORDED', { bare: true }));
		}
		default:
			return fail('ERROR_BAD_PARAMETERS');
	}
}
