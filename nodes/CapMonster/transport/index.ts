/**
 * The only place that talks HTTP. Every CapMonster call goes through n8n's request helpers and comes
 * back either as a validated success body or as a CapMonsterApiError. The API key is added by the
 * credential and is never copied into anything this module returns or throws.
 *
 * - request.ts: sending a call (and the user-agent fetch), time limits;
 * - response.ts: reading an answer (size cap, key removal, what each method's answer must hold);
 * - errors.ts: every error code, CapMonster's and the node's own, and their constructors;
 * - rucaptcha.ts: the RuCaptcha-compatible protocol as a translation under the JSON API;
 * - types.ts: the shapes shared with callers.
 */
export * from './types';
export * from './errors';
export { apiRequest, callApi, fetchUserAgent, type RequestOptions } from './request';
export { isTaskId, MAX_RESPONSE_CHARS, type ApiResult } from './response';
