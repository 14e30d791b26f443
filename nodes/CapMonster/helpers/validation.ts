/**
 * Input checks that run before any request: a bad value costs nothing and names the field and the item.
 * (CapMonster bans an IP for 10 minutes after repeated bad requests, so nothing doubtful is sent.)
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export function inputError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${field} ${problem} (item ${itemIndex})`, {
		itemIndex,
		description:
			description ??
			'Fix the value in the node (or in the expression that produces it). Nothing was sent to CapMonster.',
	});
}

export function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

export function requireText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	if (isBlank(value)) throw inputError(ctx, itemIndex, field, 'is required');
	if (typeof value === 'object')
		throw inputError(ctx, itemIndex, field, 'must be text, not an object or list');
	const text = trimInvisible(String(value));
	if (!text) {
		throw inputError(
			ctx,
			itemIndex,
			field,
			'contains only invisible characters (such as zero-width spaces); paste the value again',
		);
	}
	return text;
}

/**
 * Characters that show as nothing: soft hyphen, zero-width spaces and joiners, bidi marks, word joiners,
 * byte order mark, Hangul fillers. Not variation selectors: they belong to the emoji before them.
 */
const INVISIBLE =
	'\\u00AD\\u061C\\u115F\\u1160\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u3164\\uFEFF\\uFFA0';
const EDGE_BLANKS = new RegExp(`^[\\s${INVISIBLE}]+|[\\s${INVISIBLE}]+$`, 'g');
/** In a URL nothing invisible belongs, variation selectors included (parsers drop some of them). */
const INVISIBLE_OR_CONTROL = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/u;

/** Like String.trim, and also drops invisible characters at either end (pasted from web pages). */
export function trimInvisible(text: string): string {
	return text.replace(EDGE_BLANKS, '');
}

export function requireHttpUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	const text = requireText(ctx, itemIndex, field, value);
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
		throw inputError(
			ctx,
			itemIndex,
			field,
			`must be a full http:// or https:// URL, got "${shorten(text)}"`,
		);
	}
	// The text is sent as written, so it must not be one that only URL parsing turns valid: parsers drop
	// tabs, line breaks and invisible characters, and read http:/host or https:\\host as http://host.
	if (/\s/.test(text)) {
		throw inputError(
			ctx,
			itemIndex,
			field,
			'contains a space, tab or line break; remove it, or write a space as %20',
		);
	}
	if (INVISIBLE_OR_CONTROL.test(text)) {
		throw inputError(
			ctx,
			itemIndex,
			field,
			'contains an invisible character (such as a zero-width space); type the URL again or remove it',
		);
	}
	if (!/^https?:\/\/[^/\\]/i.test(text)) {
		throw inputError(
			ctx,
			itemIndex,
			field,
			`must start with http:// or https:// and then the host name, got "${shorten(text)}"`,
		);
	}
	if (text.includes('\\'))
		throw inputError(ctx, itemIndex, field, 'contains a backslash; use / in URLs');
	return text;
}

export function requireNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	range: { min?: number; max?: number; integer?: boolean },
): number {
	if (isBlank(value)) throw inputError(ctx, itemIndex, field, 'is required');
	const number =
		typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
	if (!Number.isFinite(number))
		throw inputError(ctx, itemIndex, field, `must be a number, got "${shorten(String(value))}"`);
	if (range.integer && !Number.isInteger(number))
		throw inputError(ctx, itemIndex, field, `must be a whole number, got ${number}`);
	if (
		(range.min !== undefined && number < range.min) ||
		(range.max !== undefined && number > range.max)
	) {
		throw inputError(
			ctx,
			itemIndex,
			field,
			`must be between ${range.min ?? '-∞'} and ${range.max ?? '∞'}, got ${number}`,
		);
	}
	return number;
}

export function requireBoolean(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 1 || value === '1') return true;
	if (value === 'false' || value === 0 || value === '0') return false;
	throw inputError(ctx, itemIndex, field, `must be true or false, got "${shorten(String(value))}"`);
}

export function requireJsonObject(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): IDataObject {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (isBlank(value)) throw inputError(ctx, itemIndex, field, 'is required');
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw inputError(ctx, itemIndex, field, `is not valid JSON (${(error as Error).message})`);
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw inputError(ctx, itemIndex, field, 'must be a JSON object like {"key": "value"}');
	}
	return parsed as IDataObject;
}

/** Task ids are positive integers; expressions often hand them over as strings. */
export function requireTaskId(ctx: IExecuteFunctions, itemIndex: number, value: unknown): number {
	if (isBlank(value)) {
		throw inputError(
			ctx,
			itemIndex,
			'Task ID',
			'is required',
			'Use the taskId of a Create Task output, e.g. {{ $json.taskId }}. Nothing was sent to CapMonster.',
		);
	}
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	const shown = shorten(String(typeof value === 'object' ? JSON.stringify(value) : value));
	const whole = /^[1-9]\d*$/.test(text) || (typeof value === 'number' && Number.isInteger(value));
	if (!whole || Number(text) <= 0) {
		throw inputError(ctx, itemIndex, 'Task ID', `must be a positive whole number, got "${shown}"`);
	}
	// Beyond 2^53 a number is rounded: the node would ask about a different task.
	if (!Number.isSafeInteger(Number(text))) {
		throw inputError(
			ctx,
			itemIndex,
			'Task ID',
			`is too large for a CapMonster task ID (at most ${Number.MAX_SAFE_INTEGER}), got "${shown}"`,
		);
	}
	return Number(text);
}

/** When the first check for a task's result comes (for a Timeout that must outlast it). */
export interface FirstPoll {
	/** Milliseconds from createTask to the first getTaskResult. */
	ms: number;
	/** Whether that wait is the longer one of No Cache. */
	noCache: boolean;
}

/**
 * The Timeout option in seconds (0 or absent = the task type's own limit). With `firstPoll`, a Timeout
 * that ends before the first check for the result is refused: the task would be paid for and never read.
 */
export function readTimeout(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	firstPoll?: FirstPoll,
): number | undefined {
	if (value === undefined || value === '') return undefined;
	const seconds = requireNumber(ctx, itemIndex, 'Timeout', value, { min: 0, max: 600 });
	if (firstPoll && seconds > 0 && seconds * 1000 <= firstPoll.ms) {
		const first = firstPoll.ms / 1000;
		throw inputError(
			ctx,
			itemIndex,
			'Timeout',
			`must be more than ${first} second${first === 1 ? '' : 's'} for this task type${firstPoll.noCache ? ' with No Cache on' : ''}, got ${seconds}`,
			`CapMonster is first asked for the result ${first} s after the task is created, so a shorter Timeout would pay for a task and never read its answer. Raise the Timeout, or set 0 to use the task type's own limit. Nothing was sent to CapMonster.`,
		);
	}
	return seconds;
}

export function shorten(text: string, max = 60): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}
