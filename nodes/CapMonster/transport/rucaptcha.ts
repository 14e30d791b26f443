/**
 * The RuCaptcha/2Captcha-compatible protocol (`in.php` / `res.php`, https://docs.capmonster.cloud/docs/api/token-accept/ shows the only first-party example) as a thin
 * translation under the JSON API. The node keeps speaking the JSON API everywhere; `callApi` hands
 * each call to `toRuCaptcha`, sends the form it returns, and reads the answer back through
 * `read`, which gives a JSON-API body (`{errorId:0, taskId}`, `{errorId:0, status, solution}`,
 * `{errorId:0, balance}`, `{errorId:0, status:'success'}` or `{errorId:1, errorCode}`). So the solve
 * loop, polling limits, retry policy, error table and outputs are the same for both protocols.
 *
 * The form holds an empty `key` slot: the credential's `authenticate` fills it, so the API key
 * never passes through this module, and `nocache=1` stays the last parameter as the docs show it.
 */
import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../helpers/utils';
import type { AnswerKind, ApiMethod, CapMonsterConnection, RuCaptchaState } from './types';

type Form = Record<string, string>;

export interface RuCaptchaCall {
	path: '/in.php' | '/res.php';
	/** Sent as an application/x-www-form-urlencoded body, `key` first (filled by the credential). */
	form: Form;
	/** The reply as a JSON-API body; undefined when it is not a RuCaptcha reply at all. */
	read(body: unknown): IDataObject | undefined;
}

export interface Unsupported {
	message: string;
	description: string;
}

export type RuCaptchaTranslation = { call: RuCaptchaCall } | { unsupported: Unsupported };

/** What the protocol carries, for messages and the README. */
export const RUCAPTCHA_TYPES =
	'reCAPTCHA v2, v2 Enterprise, v3 and v3 Enterprise, Image to Text, Cloudflare Turnstile (widget and challenge token), FunCaptcha and GeeTest v3/v4';

const SWITCH = 'switch the credential\'s Protocol to "CapMonster JSON API"';
const SWITCH_DESCRIPTION = `The JSON API carries every task type and field; the RuCaptcha-compatible protocol carries only ${RUCAPTCHA_TYPES}, and not every field of them. Nothing was sent to CapMonster.`;

// ---- task mapping (JSON task → in.php parameters) ------------------------------------------------

/** Reads task fields case-insensitively (as the API does) and remembers which ones were carried. */
class Draft {
	readonly params: Form = {};

	private readonly names = new Map<string, string>();

	private readonly carried = new Set<string>();

	constructor(private readonly task: IDataObject) {
		for (const name of Object.keys(task)) this.names.set(name.toLowerCase(), name);
		this.carried.add(this.name('type')).add(this.name('nocache'));
	}

	value(field: string): unknown {
		return this.task[this.name(field)];
	}

	/** Copies a text or number field into an in.php parameter. */
	copy(field: string, param: string, convert: (value: string) => string = (value) => value): void {
		const value = this.value(field);
		if (value === undefined || value === null || value === '') return this.carry(field);
		if (typeof value !== 'string' && typeof value !== 'number') return; // left over: not carried
		this.params[param] = convert(String(value));
		this.carry(field);
	}

	/** A true/1 flag becomes `param=1`; false/0 is left out. */
	flag(field: string, param: string): void {
		const value = this.value(field);
		if (value === true || value === 1) this.params[param] = '1';
		else if (value !== undefined && value !== false && value !== 0) return;
		this.carry(field);
	}

	/** A field sent with the value the service assumes anyway needs no parameter. */
	allow(field: string, ...values: unknown[]): void {
		if (values.includes(this.value(field))) this.carry(field);
	}

	carry(field: string): void {
		this.carried.add(this.name(field));
	}

	/** Fields present in the task that no parameter carries. */
	leftovers(): string[] {
		return Object.keys(this.task).filter(
			(name) => !this.carried.has(name) && this.task[name] !== undefined,
		);
	}

	private name(field: string): string {
		return this.names.get(field.toLowerCase()) ?? field;
	}
}

interface TypeMapping {
	answer: AnswerKind;
	/** Fills in the parameters; returns a problem the protocol cannot express, if any. */
	map(draft: Draft): string | undefined;
}

const recaptcha = (version: 'v2' | 'v3', enterprise: boolean): TypeMapping => ({
	answer: 'gRecaptchaResponse',
	map: (draft) => {
		draft.params.method = 'userrecaptcha';
		if (version === 'v3') draft.params.version = 'v3';
		if (enterprise) draft.params.enterprise = '1';
		draft.copy('websiteKey', 'googlekey');
		draft.copy('websiteURL', 'pageurl');
		draft.copy('pageAction', 'action');
		if (version === 'v3') {
			draft.copy('minScore', 'min_score');
			if (!enterprise) draft.flag('isEnterprise', 'enterprise');
			return undefined;
		}
		if (!enterprise) draft.flag('isInvisible', 'invisible');
		draft.allow('apiDomain', 'www.google.com');
		draft.copy('recaptchaDataSValue', 'data-s');
		draft.copy('userAgent', 'userAgent');
		draft.copy('cookies', 'cookies');
		return proxy(draft);
	},
});

const TYPES: Record<string, TypeMapping> = {
	recaptchav2task: recaptcha('v2', false),
	recaptchav2taskproxyless: recaptcha('v2', false),
	nocaptchatask: recaptcha('v2', false),
	nocaptchataskproxyless: recaptcha('v2', false),
	recaptchav2enterprisetask: recaptcha('v2', true),
	recaptchav2enterprisetaskproxyless: recaptcha('v2', true),
	recaptchav3taskproxyless: recaptcha('v3', false),
	recaptchav3enterprisetask: recaptcha('v3', true),
	imagetotexttask: {
		answer: 'text',
		map: (draft) => {
			draft.params.method = 'base64';
			draft.copy('body', 'body');
			draft.flag('case', 'regsense');
			draft.flag('numeric', 'numeric');
			draft.flag('math', 'calc');
			draft.allow('capMonsterModule', 'universal');
			draft.allow('recognizingThreshold', 0);
			return undefined;
		},
	},
	turnstiletask: {
		answer: 'token',
		map: (draft) => {
			const mode = draft.value('cloudflareTaskType');
			if (mode !== undefined && mode !== 'token')
				return `the Cloudflare challenge mode "${String(mode)}" (only the Turnstile widget and the challenge token are carried)`;
			draft.params.method = 'turnstile';
			draft.copy('websiteKey', 'sitekey');
			draft.copy('websiteURL', 'pageurl');
			draft.copy('pageAction', 'action');
			draft.copy('data', 'data');
			if (mode === 'token') {
				// in.php recognises the challenge token mode by its page data.
				if (draft.value('pageData') === undefined)
					return 'the challenge token mode without Page Data';
				draft.carry('cloudflareTaskType');
				draft.copy('pageData', 'pagedata');
				draft.copy('userAgent', 'userAgent');
			}
			return proxy(draft);
		},
	},
	funcaptchatask: {
		answer: 'token',
		map: (draft) => {
			draft.params.method = 'funcaptcha';
			draft.copy('websitePublicKey', 'publickey');
			draft.copy('websiteURL', 'pageurl');
			draft.copy('funcaptchaApiJSSubdomain', 'surl', (host) => `https://${host}`);
			draft.copy('data', 'data');
			draft.copy('userAgent', 'userAgent');
			return proxy(draft);
		},
	},
	geetesttask: {
		answer: 'geetest',
		map: (draft) => {
			const version = String(draft.value('version') ?? '3');
			if (version !== '3' && version !== '4') return `GeeTest version "${version}"`;
			draft.carry('version');
			if (version === '4') {
				draft.params.method = 'geetest_v4';
				draft.copy('gt', 'captcha_id');
			} else {
				draft.params.method = 'geetest';
				draft.copy('gt', 'gt');
				draft.copy('challenge', 'challenge');
			}
			draft.copy('websiteURL', 'pageurl');
			draft.copy('geetestApiServerSubdomain', 'api_server');
			draft.copy('userAgent', 'userAgent');
			return proxy(draft);
		},
	},
};
TYPES.recaptchav3task = TYPES.recaptchav3taskproxyless;
TYPES.turnstiletaskproxyless = TYPES.turnstiletask;
TYPES.funcaptchataskproxyless = TYPES.funcaptchatask;
TYPES.geetesttaskproxyless = TYPES.geetesttask;

/** The 2Captcha proxy syntax: `proxy=login:password@host:port`, `proxytype=HTTP|HTTPS|SOCKS4|SOCKS5`. */
function proxy(draft: Draft): string | undefined {
	const address = draft.value('proxyAddress');
	if (address === undefined) return undefined;
	const text = (field: string): string => {
		const value = draft.value(field);
		return value === undefined || value === null ? '' : String(value);
	};
	const login = text('proxyLogin');
	const password = text('proxyPassword');
	// Never quote the values: the login and password are secrets.
	if (/[:@]/.test(text('proxyAddress')) || /[:@]/.test(login) || password.includes('@'))
		return 'a proxy whose address, login or password contains ":" or "@" (the protocol writes the proxy as login:password@host:port)';
	const auth = login || password ? `${login}:${password}@` : '';
	draft.params.proxy = `${auth}${text('proxyAddress')}:${text('proxyPort')}`;
	draft.params.proxytype = (text('proxyType') || 'http').toUpperCase();
	for (const field of ['proxyType', 'proxyAddress', 'proxyPort', 'proxyLogin', 'proxyPassword'])
		draft.carry(field);
	return undefined;
}

type TaskMapping =
	| { ok: true; params: Form; answer: AnswerKind }
	| { ok: false; problem: string; taskType: string };

function mapTask(task: unknown): TaskMapping {
	const object = isObject(task) ? (task as IDataObject) : {};
	const taskType =
		(typeof object.type === 'string' ? object.type : String(object.type ?? '')) +
		(typeof object.class === 'string' ? ` (class ${object.class})` : '');
	const mapping = object.class === undefined ? TYPES[taskType.toLowerCase()] : undefined;
	if (!mapping) return { ok: false, problem: '', taskType };
	const draft = new Draft(object);
	const problem = mapping.map(draft);
	if (problem) return { ok: false, problem, taskType };
	const leftovers = draft.leftovers();
	if (leftovers.length)
		return {
			ok: false,
			problem: `the field${leftovers.length > 1 ? 's' : ''} ${leftovers.map((name) => `"${name}"`).join(', ')}`,
			taskType,
		};
	return { ok: true, params: draft.params, answer: mapping.answer };
}

/** Whether the RuCaptcha-compatible protocol can carry this JSON-API task object, every field of it. */
export function supportsTask(task: IDataObject): boolean {
	return mapTask(task).ok;
}

function unsupportedTask(mapping: Extract<TaskMapping, { ok: false }>): Unsupported {
	const type = mapping.taskType || '(none)';
	return {
		message: mapping.problem
			? `The RuCaptcha-compatible protocol cannot carry ${mapping.problem} of the task type ${type}: ${SWITCH}`
			: `The task type ${type} cannot be sent with the RuCaptcha-compatible protocol: ${SWITCH}`,
		description: SWITCH_DESCRIPTION,
	};
}

// ---- calls ------------------------------------------------------------------------------------

type MethodTranslation = (
	form: Form,
	body: IDataObject,
	state: RuCaptchaState,
	connection: CapMonsterConnection,
) => RuCaptchaTranslation;

/** One entry per JSON-API method: its in.php / res.php form and how its reply reads back. */
const METHODS: Record<ApiMethod, MethodTranslation> = {
	createTask: (form, body, state, connection) => {
		if (body.callbackUrl !== undefined)
			return {
				unsupported: {
					message: `The RuCaptcha-compatible protocol cannot carry a Callback URL: leave it empty, or ${SWITCH}`,
					description: SWITCH_DESCRIPTION,
				},
			};
		const mapping = mapTask(body.task);
		if (!mapping.ok) return { unsupported: unsupportedTask(mapping) };
		Object.assign(form, mapping.params, { json: '1' });
		const task = body.task as IDataObject;
		if (connection.credentials.data?.noCache === true || task.nocache === true) form.nocache = '1'; // last, as the docs write it
		return {
			call: {
				path: '/in.php',
				form,
				read: (reply) =>
					readReply(reply, (request) => {
						// Only digits: Number() would also take "1e3" or " 12 ".
						if (!/^\d{1,16}$/.test(request)) return { errorId: 0, taskId: request };
						const taskId = Number(request);
						if (Number.isSafeInteger(taskId) && taskId > 0)
							state.answerKinds.set(taskId, mapping.answer);
						return { errorId: 0, taskId };
					}),
			},
		};
	},
	getTaskResult: (form, body, state) => {
		const taskId = Number(body.taskId);
		Object.assign(form, { action: 'get', id: String(body.taskId), json: '1' });
		return {
			call: {
				path: '/res.php',
				form,
				read: (reply) =>
					readReply(reply, (request, extra) => ({
						errorId: 0,
						status: 'ready',
						solution: solutionOf(request, state.answerKinds.get(taskId), extra),
					})),
			},
		};
	},
	getBalance: (form) => {
		Object.assign(form, { action: 'getbalance', json: '1' });
		return {
			call: {
				path: '/res.php',
				form,
				read: (reply) =>
					readReply(reply, (request) => {
						const balance = Number(request);
						return request.trim() !== '' && Number.isFinite(balance)
							? { errorId: 0, balance }
							: { errorId: 0, balance: request };
					}),
			},
		};
	},
	reportIncorrectImageCaptcha: (form, body) => reportBad(form, body),
	reportIncorrectTokenCaptcha: (form, body) => reportBad(form, body),
};

/** One report action for every kind of captcha. */
function reportBad(form: Form, body: IDataObject): RuCaptchaTranslation {
	Object.assign(form, { action: 'reportbad', id: String(body.taskId), json: '1' });
	return {
		call: {
			path: '/res.php',
			form,
			read: (reply) => readReply(reply, () => ({ errorId: 0, status: 'success' })),
		},
	};
}

/**
 * Translates one JSON-API call. `connection` is the execution's connection: it says whether the
 * credential asks for No Cache, and holds what the translation remembers (RuCaptchaState).
 */
export function toRuCaptcha(
	connection: CapMonsterConnection,
	method: ApiMethod,
	body: IDataObject,
): RuCaptchaTranslation {
	connection.ruCaptcha ??= { answerKinds: new Map() };
	// An empty slot first, so that the credential's key does not land after nocache=1.
	return METHODS[method]({ key: '' }, body, connection.ruCaptcha, connection);
}

// ---- replies ----------------------------------------------------------------------------------

/** RuCaptcha codes with a JSON-API equivalent, so the shared error table explains them. */
const ERROR_CODES: Record<string, string> = {
	ERROR_WRONG_USER_KEY: 'ERROR_KEY_DOES_NOT_EXIST',
	ERROR_WRONG_CAPTCHA_ID: 'ERROR_NO_SUCH_CAPCHA_ID',
	ERROR_WRONG_ID_FORMAT: 'ERROR_NO_SUCH_CAPCHA_ID',
	ERROR_GOOGLEKEY: 'ERROR_RECAPTCHA_INVALID_SITEKEY',
	ERROR_PAGEURL: 'InputValidationError',
	ERROR_BAD_PARAMETERS: 'InputValidationError',
	ERROR_BAD_PROXY: 'InputValidationError',
	ERROR_PROXY_CONNECTION_FAILED: 'ERROR_PROXY_CONNECT_REFUSED',
	IP_BANNED: 'ERROR_IP_BANNED',
	MAX_USER_TURN: 'ERROR_NO_SLOT_AVAILABLE',
};

const NOT_READY = ['CAPCHA_NOT_READY', 'CAPTCHA_NOT_READY'];

type Extra = Record<string, unknown>;

/**
 * Reads a `json=1` reply (`{status, request, …}`), or the text form (`OK|…`, a bare code or number)
 * should a server ignore json=1. A JSON-API body (a gateway, or a 402/403/429 error) passes through.
 */
function readReply(
	reply: unknown,
	success: (request: string, extra: Extra) => IDataObject | undefined,
): IDataObject | undefined {
	let body = reply;
	if (typeof body === 'string') {
		const text = body.trim();
		try {
			body = JSON.parse(text) as unknown;
		} catch {
			body = text;
		}
	}
	if (isObject(body) && typeof body.errorId === 'number') return body as IDataObject;

	let ok: boolean;
	let request: string;
	let extra: Extra = {};
	if (isObject(body) && (body.status === 0 || body.status === 1) && 'request' in body) {
		ok = body.status === 1;
		request = typeof body.request === 'string' ? body.request : JSON.stringify(body.request);
		extra = body;
	} else if (typeof body === 'string' && /^OK\|/.test(body)) {
		ok = true;
		request = body.slice(3);
	} else if (typeof body === 'string' && /^[A-Z_]+$/.test(body)) {
		ok = body === 'OK_REPORT_RECORDED';
		request = body;
	} else if (typeof body === 'string' && /^-?\d+(\.\d+)?$/.test(body)) {
		ok = true; // a text-mode balance
		request = body;
	} else if (typeof body === 'number') {
		ok = true;
		request = String(body);
	} else {
		return undefined;
	}

	if (ok) return success(request, extra);
	if (NOT_READY.includes(request)) return { errorId: 0, status: 'processing' };
	const errorCode = ERROR_CODES[request] ?? request;
	const serverText = typeof extra.error_text === 'string' ? extra.error_text : '';
	const error: IDataObject = { errorId: 1, errorCode };
	if (serverText || errorCode !== request)
		error.errorDescription = serverText || `The RuCaptcha-compatible API answered ${request}`;
	return error;
}

/** Puts res.php's answer string back into the field the JSON API would have used. */
function solutionOf(answer: string, kind: AnswerKind | undefined, extra: Extra): IDataObject {
	let solution: IDataObject | undefined;
	if (kind === 'geetest' || kind === undefined) {
		const parsed = parseObject(answer) as IDataObject | undefined;
		if (parsed && 'geetest_challenge' in parsed)
			solution = {
				challenge: parsed.geetest_challenge,
				validate: parsed.geetest_validate,
				seccode: parsed.geetest_seccode,
			};
		else if (parsed) solution = parsed;
	}
	// A task created in another execution: res.php does not say what kind of answer it is.
	solution ??= { [kind === undefined || kind === 'geetest' ? 'token' : kind]: answer };
	const userAgent = extra.useragent ?? extra.user_agent;
	if (typeof userAgent === 'string' && userAgent) solution.userAgent = userAgent;
	return solution;
}

function parseObject(text: string): Record<string, unknown> | undefined {
	if (!text.startsWith('{')) return undefined;
	try {
		const parsed = JSON.parse(text) as unknown;
		return isObject(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}
