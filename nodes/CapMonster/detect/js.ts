/**
 * Just enough JavaScript for captcha detection, without running anything: remove comments (so a
 * commented-out key is not a captcha), and read the literal arguments of a call such as
 * `grecaptcha.render('id', { sitekey: '…' })` or an object such as `window.gokuProps = {…}`.
 * Every reader moves forward only and stops after a fixed number of characters, so hostile
 * scripts cost linear time.
 */

/** How far past its start a call or object is read; real configurations are far shorter. */
export const READ_LIMIT = 4000;
/** How many occurrences of one pattern in one script are looked at. */
export const MAX_HITS = 64;

/**
 * The script with comments replaced by a space (or a line break), regular expression literals by
 * `0`, and `\/` inside strings written as `/` (JSON encoders escape URLs that way). Strings and
 * template literals are kept, so `'//'` in a string or `/\/\//` is not taken for a comment.
 */
export function cleanScript(code: string): string {
	const length = code.length;
	const parts: string[] = [];
	let last = 0;
	let i = 0;
	// Plain code is skipped in one native search; only these characters need a decision.
	const special = /[/"'`<]/g;
	while (i < length) {
		special.lastIndex = i;
		const match = special.exec(code);
		if (!match) break;
		i = match.index;
		const c = code[i];
		const next = code[i + 1];
		if (c === '/' && next === '/') {
			parts.push(code.slice(last, i), '\n');
			const end = code.indexOf('\n', i + 2);
			i = last = end === -1 ? length : end;
		} else if (c === '/' && next === '*') {
			parts.push(code.slice(last, i), ' ');
			const end = code.indexOf('*/', i + 2);
			i = last = end === -1 ? length : end + 2;
		} else if (c === '<') {
			// An HTML comment opener inside a script is a line comment (legacy `<!-- … //-->` wrappers).
			if (code.startsWith('<!--', i)) {
				parts.push(code.slice(last, i), '\n');
				const end = code.indexOf('\n', i + 4);
				i = last = end === -1 ? length : end;
			} else i++;
		} else if (c === '/') {
			if (startsRegex(code, i)) {
				// A regular expression holds no configuration: it becomes a plain value, so that its
				// text (e.g. /grecaptcha\.execute/) is not taken for code.
				parts.push(code.slice(last, i), '0');
				i = last = skipRegex(code, i);
			} else i++;
		} else {
			const end = skipString(code, i, c, parts, last);
			last = end.last;
			i = end.next;
		}
	}
	parts.push(code.slice(last));
	return parts.join('');
}

const REGEX_AFTER = new Set([
	'',
	'(',
	',',
	'=',
	':',
	'[',
	'!',
	'&',
	'|',
	'?',
	'{',
	'}',
	';',
	'+',
	'-',
	'*',
	'%',
	'<',
	'>',
	'~',
	'^',
]);
const REGEX_AFTER_WORDS = new Set([
	'return',
	'typeof',
	'case',
	'do',
	'else',
	'in',
	'of',
	'new',
	'delete',
	'void',
	'throw',
	'instanceof',
	'yield',
	'await',
]);

function isWordChar(c: string): boolean {
	const code = c.charCodeAt(0);
	return (
		(code >= 0x30 && code <= 0x39) ||
		(code >= 0x41 && code <= 0x5a) ||
		(code >= 0x61 && code <= 0x7a) ||
		code === 0x5f ||
		code === 0x24
	);
}

/**
 * Whether the `/` at `at` starts a regular expression: it does after an operator, an opening
 * bracket, the start, or a keyword such as `return`. Looks back over whitespace only, so every
 * character is looked at a bounded number of times.
 */
function startsRegex(code: string, at: number): boolean {
	let i = at - 1;
	while (i >= 0 && /\s/.test(code[i])) i--;
	if (i < 0) return true;
	const previous = code[i];
	if (REGEX_AFTER.has(previous)) return true;
	if (!isWordChar(previous)) return false;
	let start = i;
	while (start > 0 && i - start < 12 && isWordChar(code[start - 1])) start--;
	return REGEX_AFTER_WORDS.has(code.slice(start, i + 1));
}

/** Past a string or template literal; `\/` becomes `/` in the output. Unclosed quotes end at a line break. */
function skipString(
	code: string,
	open: number,
	quote: string,
	parts: string[],
	last: number,
): { next: number; last: number } {
	const length = code.length;
	let i = open + 1;
	while (i < length) {
		const c = code[i];
		if (c === '\\') {
			if (code[i + 1] === '/') {
				parts.push(code.slice(last, i));
				last = i + 1;
			}
			i += 2;
			continue;
		}
		if (c === quote) return { next: i + 1, last };
		if (c === '\n' && quote !== '`') return { next: i + 1, last };
		i++;
	}
	return { next: length, last };
}

/** Past a regular expression literal (classes may hold `/`); a line break ends a broken one. */
function skipRegex(code: string, open: number): number {
	const length = code.length;
	let i = open + 1;
	let inClass = false;
	while (i < length) {
		const c = code[i];
		if (c === '\\') {
			i += 2;
			continue;
		}
		if (c === '\n') return i;
		if (inClass) {
			if (c === ']') inClass = false;
		} else if (c === '[') inClass = true;
		else if (c === '/') {
			i++;
			while (i < length && /[a-z]/.test(code[i])) i++;
			return i;
		}
		i++;
	}
	return length;
}

// ---- reading literal values ------------------------------------------------------------------

export type JsValue =
	| { kind: 'string'; value: string }
	| { kind: 'number'; value: number }
	| { kind: 'boolean'; value: boolean }
	| { kind: 'object'; value: Map<string, JsValue> }
	| { kind: 'array'; value: JsValue[] }
	/** An identifier or member expression such as `siteKey` or `config.key`. */
	| { kind: 'name'; value: string }
	/** Anything else (a function, an expression): skipped. */
	| { kind: 'other' };

class Reader {
	readonly end: number;

	constructor(
		readonly code: string,
		public at: number,
	) {
		this.end = Math.min(code.length, at + READ_LIMIT);
	}

	skipSpace(): void {
		while (this.at < this.end && /\s/.test(this.code[this.at])) this.at++;
	}

	peek(): string {
		this.skipSpace();
		return this.at < this.end ? this.code[this.at] : '';
	}

	value(depth: number): JsValue {
		const c = this.peek();
		if (c === '"' || c === "'" || c === '`') return this.string(c);
		if (c === '{' && depth < 4) return this.object(depth + 1);
		if (c === '[' && depth < 4) return this.array(depth + 1);
		if (/[-0-9.]/.test(c)) {
			const match = /^-?[0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?/i.exec(
				this.code.slice(this.at, this.at + 40),
			);
			if (match) {
				this.at += match[0].length;
				if (this.atValueEnd()) return { kind: 'number', value: Number(match[0]) };
			}
			return this.other();
		}
		if (/[A-Za-z_$]/.test(c)) {
			const match = /^[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*){0,8}/.exec(
				this.code.slice(this.at, this.at + 200),
			);
			const name = match![0].replace(/\s+/g, '');
			this.at += match![0].length;
			if (!this.atValueEnd()) return this.other();
			if (name === 'true' || name === 'false') return { kind: 'boolean', value: name === 'true' };
			return { kind: 'name', value: name };
		}
		if (c === '!' && /[01]/.test(this.code[this.at + 1] ?? '')) {
			const value = this.code[this.at + 1] === '0';
			this.at += 2;
			return { kind: 'boolean', value };
		}
		return this.other();
	}

	/** Whether the value just read ends here (`,` `}` `]` `)` `;` or the end). */
	private atValueEnd(): boolean {
		const c = this.peek();
		return c === '' || c === ',' || c === '}' || c === ']' || c === ')' || c === ';';
	}

	string(quote: string): JsValue {
		const text = this.rawString(quote);
		// `'a' + b`, or a template with ${…}, is an expression, not a literal.
		if (text === undefined || (quote === '`' && text.includes('${')) || !this.atValueEnd())
			return this.other();
		return { kind: 'string', value: text };
	}

	/** The unescaped text of the string literal at the reader, or undefined if it does not close. */
	private rawString(quote: string): string | undefined {
		let i = this.at + 1;
		let out = '';
		let from = i;
		while (i < this.end) {
			const c = this.code[i];
			if (c === '\\') {
				const escape = this.code.slice(i, i + 6);
				out += this.code.slice(from, i) + unescape(escape);
				i += escapeLength(escape);
				from = i;
				continue;
			}
			if (c === quote) {
				this.at = i + 1;
				return out + this.code.slice(from, i);
			}
			if (c === '\n' && quote !== '`') break;
			i++;
		}
		this.at = i;
		return undefined;
	}

	object(depth: number): JsValue {
		const entries = new Map<string, JsValue>();
		this.at++; // {
		while (this.at < this.end) {
			const c = this.peek();
			if (c === '}') {
				this.at++;
				return { kind: 'object', value: entries };
			}
			if (c === ',') {
				this.at++;
				continue;
			}
			const key = this.key();
			if (key === undefined) return this.other();
			const after = this.peek();
			if (after !== ':') {
				// Shorthand `{ sitekey }`; a method or a spread is not a literal value.
				if (after === ',' || after === '}') {
					entries.set(key, { kind: 'name', value: key });
					continue;
				}
				return this.other();
			}
			this.at++;
			const value = this.value(depth);
			if (!entries.has(key)) entries.set(key, value);
		}
		return { kind: 'other' };
	}

	private key(): string | undefined {
		const c = this.peek();
		if (c === '"' || c === "'") return this.rawString(c);
		const match = /^[A-Za-z_$0-9][\w$]*/.exec(this.code.slice(this.at, this.at + 100));
		if (!match) return undefined;
		this.at += match[0].length;
		return match[0];
	}

	array(depth: number): JsValue {
		const items: JsValue[] = [];
		this.at++; // [
		while (this.at < this.end) {
			const c = this.peek();
			if (c === ']') {
				this.at++;
				return { kind: 'array', value: items };
			}
			if (c === ',') {
				this.at++;
				continue;
			}
			items.push(this.value(depth));
			if (items.length > 50) break;
		}
		return { kind: 'other' };
	}

	/** Skips an expression up to the `,` or closing bracket at its own level. */
	other(): JsValue {
		let depth = 0;
		while (this.at < this.end) {
			const c = this.code[this.at];
			if (c === '"' || c === "'" || c === '`') {
				const close = findQuote(this.code, this.at, c, this.end);
				this.at = close + 1;
				continue;
			}
			if (c === '(' || c === '{' || c === '[') depth++;
			else if (c === ')' || c === '}' || c === ']') {
				if (depth === 0) return { kind: 'other' };
				depth--;
			} else if ((c === ',' || c === ';') && depth === 0) return { kind: 'other' };
			this.at++;
		}
		return { kind: 'other' };
	}
}

function findQuote(code: string, open: number, quote: string, end: number): number {
	let i = open + 1;
	while (i < end) {
		const c = code[i];
		if (c === '\\') i += 2;
		else if (c === quote || (c === '\n' && quote !== '`')) return i;
		else i++;
	}
	return end;
}

function escapeLength(escape: string): number {
	if (/^\\u[0-9a-fA-F]{4}/.test(escape)) return 6;
	if (/^\\x[0-9a-fA-F]{2}/.test(escape)) return 4;
	return 2;
}

function unescape(escape: string): string {
	if (/^\\u[0-9a-fA-F]{4}/.test(escape))
		return String.fromCharCode(parseInt(escape.slice(2, 6), 16));
	if (/^\\x[0-9a-fA-F]{2}/.test(escape))
		return String.fromCharCode(parseInt(escape.slice(2, 4), 16));
	const c = escape[1] ?? '';
	return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[c] ?? c;
}

/** The arguments of the call whose `(` is at `open` (at most 6 are read). */
export function readArguments(code: string, open: number): JsValue[] {
	const reader = new Reader(code, open + 1);
	const args: JsValue[] = [];
	while (reader.at < reader.end && args.length < 6) {
		const c = reader.peek();
		if (c === ')' || c === '') break;
		if (c === ',') {
			reader.at++;
			continue;
		}
		const before = reader.at;
		args.push(reader.value(0));
		if (reader.at === before) break;
	}
	return args;
}

/** The value that starts at `at` (an object literal, a string…). */
export function readValue(code: string, at: number): JsValue {
	return new Reader(code, at).value(0);
}

/** Offsets just past each occurrence of `needle` in `code`, at most MAX_HITS. */
export function occurrences(code: string, needle: string): number[] {
	const found: number[] = [];
	let at = code.indexOf(needle);
	while (at !== -1 && found.length < MAX_HITS) {
		found.push(at + needle.length);
		at = code.indexOf(needle, at + needle.length);
	}
	return found;
}

/**
 * Matches of `pattern` (global, ending just before a call's arguments), at most MAX_HITS. Patterns
 * are member names with bounded whitespace, e.g. /grecaptcha\s{0,20}\.\s{0,20}render/g: linear.
 */
export function matchesOf(code: string, pattern: RegExp): RegExpExecArray[] {
	const found: RegExpExecArray[] = [];
	pattern.lastIndex = 0;
	let match: RegExpExecArray | null;
	while (found.length < MAX_HITS && (match = pattern.exec(code))) {
		found.push(match);
		if (match[0] === '') pattern.lastIndex++;
	}
	return found;
}

/** `object.method` with the whitespace formatters put around the dot. */
export function member(object: string, method: string): RegExp {
	return new RegExp(`\\b${object}\\s{0,20}\\.\\s{0,20}${method}\\b`, 'g');
}

/** Each `object.method(…)` call in `code` (at most MAX_HITS): where its name starts, and its arguments. */
export function memberCalls(
	code: string,
	object: string,
	method: string,
): Array<{ at: number; args: JsValue[] }> {
	const calls: Array<{ at: number; args: JsValue[] }> = [];
	for (const match of matchesOf(code, member(object, method))) {
		const paren = openParen(code, match.index + match[0].length);
		if (paren !== undefined) calls.push({ at: match.index, args: readArguments(code, paren) });
	}
	return calls;
}

/** A string property of an object value, if it is a literal. */
export function stringProp(value: JsValue | undefined, ...keys: string[]): string | undefined {
	if (value?.kind !== 'object') return undefined;
	for (const key of keys) {
		const entry = value.value.get(key);
		if (entry?.kind === 'string') return entry.value;
		if (entry?.kind === 'number') return String(entry.value);
	}
	return undefined;
}

export function propOf(value: JsValue | undefined, key: string): JsValue | undefined {
	return value?.kind === 'object' ? value.value.get(key) : undefined;
}

/** Offset of the first `(` after `at` if only whitespace lies between. */
export function openParen(code: string, at: number): number | undefined {
	let i = at;
	while (i < code.length && i - at < 20 && /\s/.test(code[i])) i++;
	return code[i] === '(' ? i : undefined;
}
