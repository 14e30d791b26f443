/** The shapes the transport shares with its callers and with the RuCaptcha translator. */
import type { ICredentialsDecrypted } from 'n8n-workflow';

import type { CapMonsterApiError } from './errors';

export type Protocol = 'json' | 'rucaptcha';

export const CREDENTIAL_TYPE = 'capMonsterApi';
export const DEFAULT_BASE_URL = 'https://api.capmonster.cloud';

export type ApiMethod =
	| 'createTask'
	| 'getTaskResult'
	| 'getBalance'
	| 'reportIncorrectImageCaptcha'
	| 'reportIncorrectTokenCaptcha';

export interface CapMonsterConnection {
	baseUrl: string;
	/** The credential's Protocol: the JSON API, or RuCaptcha-compatible in.php / res.php. */
	protocol: Protocol;
	/** Decrypted once per execution and handed to every request, so the host does not decrypt per call. */
	credentials: ICredentialsDecrypted;
	/**
	 * Set when CapMonster rejected the key or the IP in this execution: later requests fail the same
	 * way without being sent, because repeating them gets the IP banned for 10 minutes.
	 */
	rejection?: CapMonsterApiError;
	/** What the RuCaptcha-compatible translation remembers in this execution (rucaptcha.ts). */
	ruCaptcha?: RuCaptchaState;
}

/** The solution field res.php's single answer string goes back into. */
export type AnswerKind = 'gRecaptchaResponse' | 'token' | 'text' | 'geetest';

/**
 * What the RuCaptcha-compatible translation remembers within one execution (on its connection):
 * res.php answers with a bare string, so which JSON-API field it belongs in comes from the task's type.
 */
export interface RuCaptchaState {
	/** Task id → the solution field its answer goes back into. */
	answerKinds: Map<number, AnswerKind>;
}
