/**
 * Fault injection: rules that replace, delay or drop the answers to matching requests so tests
 * can exercise the node's retry/timeout paths deterministically (count-limited rules, or
 * probability rules driven by the sandbox's seeded PRNG).
 */

export type FaultKind =
	| 'http'
	| 'reset'
	| 'delay'
	| 'hang'
	| 'malformed'
	| 'errorCode'
	| 'refuse'
	| 'drip'
	| 'echo';

export interface FaultRule {
	/** API method (createTask, getTaskResult, getBalance, reportIncorrectImageCaptcha,
	 *  reportIncorrectTokenCaptcha, reportIncorrectRecaptcha, getUserAgent, in.php, res.php) or '*'. */
	method: string;
	/**
	 * http: answer `status` (default 500) with `body` (JSON, default an error body) and, for a
	 * redirect, `location` as the Location header;
	 * reset: destroy the socket without answering; refuse: destroy it before reading the request;
	 * delay: wait `ms`, then answer normally; hang: never answer (until the sandbox closes);
	 * malformed: 200 with invalid JSON; errorCode: 200 `{errorId:1, errorCode}`;
	 * drip: 200 with `body` (default a normal-looking answer) sent one byte every `ms` (default 1000);
	 * echo: an error (`errorCode`, default ERROR_KEY_DOES_NOT_EXIST) whose text repeats the whole
	 * request, key included, as a misbehaving gateway would: in `errorDescription` (RuCaptcha:
	 * `error_text`), or with `location` set, as a redirect whose Location carries the request.
	 */
	kind: FaultKind;
	status?: number;
	body?: unknown;
	location?: string;
	ms?: number;
	errorCode?: string;
	errorDescription?: string;
	/** 0..1, rolled with the seeded PRNG for each matching request (default 1). */
	probability?: number;
	/** Apply to the next N matching requests, then expire (default: unlimited). */
	count?: number;
	/** before (default): the request is not processed; after: processed (e.g. a task is created), then the answer is replaced. */
	phase?: 'before' | 'after';
}

/** When a rule is looked at: 'refuse' rules before the body is read, others before/after processing. */
export type FaultStage = 'connect' | 'before' | 'after';

const KINDS: readonly FaultKind[] = [
	'http',
	'reset',
	'delay',
	'hang',
	'malformed',
	'errorCode',
	'refuse',
	'drip',
	'echo',
];

/** Throws on a malformed rule (the control endpoint turns that into HTTP 400). */
export function normaliseFaultRule(input: unknown): FaultRule {
	if (typeof input !== 'object' || input === null) throw new Error('fault rule must be an object');
	const rule = { ...(input as FaultRule) };
	if (typeof rule.method !== 'string' || rule.method === '') rule.method = '*';
	if (!KINDS.includes(rule.kind)) throw new Error(`fault kind must be one of ${KINDS.join(', ')}`);
	if (rule.kind === 'http' && rule.status === undefined) rule.status = 500;
	if (
		rule.kind === 'http' &&
		(!Number.isInteger(rule.status) || Number(rule.status) < 100 || Number(rule.status) > 599)
	)
		throw new Error('fault status must be an HTTP status code');
	if (rule.kind === 'delay' && !(typeof rule.ms === 'number' && rule.ms >= 0))
		throw new Error('delay fault needs ms >= 0');
	if (rule.kind === 'errorCode' && typeof rule.errorCode !== 'string')
		throw new Error('errorCode fault needs errorCode');
	if (rule.phase !== undefined && rule.phase !== 'before' && rule.phase !== 'after')
		throw new Error("fault phase must be 'before' or 'after'");
	if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count > 0))
		throw new Error('fault count must be a positive integer');
	if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1))
		throw new Error('fault probability must be within 0..1');
	return rule;
}

export class FaultSet {
	private rules: { rule: FaultRule; remaining: number }[] = [];

	constructor(private readonly random: () => number) {}

	add(input: unknown): FaultRule {
		const rule = normaliseFaultRule(input);
		this.rules.push({ rule, remaining: rule.count ?? Infinity });
		return rule;
	}

	clear(): void {
		this.rules = [];
	}

	/** Active rules with the uses they have left. */
	list(): (FaultRule & { remaining: number | null })[] {
		return this.rules.map(({ rule, remaining }) => ({
			...rule,
			remaining: Number.isFinite(remaining) ? remaining : null,
		}));
	}

	/** The first rule that applies to this request at this stage; consumes one use of it. */
	take(method: string, stage: FaultStage): FaultRule | undefined {
		for (const entry of this.rules) {
			const { rule } = entry;
			if (rule.method !== '*' && rule.method.toLowerCase() !== method.toLowerCase()) continue;
			const ruleStage: FaultStage = rule.kind === 'refuse' ? 'connect' : (rule.phase ?? 'before');
			if (ruleStage !== stage) continue;
			if (rule.probability !== undefined && this.random() >= rule.probability) continue;
			entry.remaining--;
			if (entry.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== entry);
			return rule;
		}
		return undefined;
	}
}
