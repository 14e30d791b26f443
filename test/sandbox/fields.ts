/**
 * JSON helpers shared by the sandbox: JSON-type checks, case-insensitive property access and a
 * stable serialisation used to recognise identical task bodies.
 */

/** The JSON value types a task field can be declared with. */
export type JsonType =
	| 'string'
	| 'number'
	| 'integer'
	| 'boolean'
	| 'object'
	| 'string[]'
	| 'array';

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function matchesJsonType(value: unknown, type: JsonType): boolean {
	switch (type) {
		case 'string':
			return typeof value === 'string';
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'object':
			return isPlainObject(value);
		case 'string[]':
			return Array.isArray(value) && value.every((item) => typeof item === 'string');
		case 'array':
			return Array.isArray(value);
	}
}

/** Human name of a value's JSON type, for warnings ("got string"). */
export function jsonTypeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

/** "Missing or empty" as the service treats required fields: absent, null, '' or []. */
export function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	return false;
}

/** Key of `obj` equal to `name` ignoring case, preferring an exact match. */
export function findKey(obj: JsonObject, name: string): string | undefined {
	if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
	const lower = name.toLowerCase();
	return Object.keys(obj).find((key) => key.toLowerCase() === lower);
}

export interface FoundField {
	value: unknown;
	/** The path as spelled in the request (may differ in case from the declared path). */
	actualPath: string;
}

/**
 * Read-only view of a task object with case-insensitive dotted-path access: the real service
 * appears to match JSON property names case-insensitively (https://docs.capmonster.cloud/docs/api/methods/create-task/), so `websiteUrl` and
 * `metadata.task` still find their declared fields.
 */
export class TaskView {
	constructor(readonly raw: JsonObject) {}

	find(path: string): FoundField | undefined {
		let current: unknown = this.raw;
		const actual: string[] = [];
		for (const segment of path.split('.')) {
			if (!isPlainObject(current)) return undefined;
			const key = findKey(current, segment);
			if (key === undefined) return undefined;
			actual.push(key);
			current = current[key];
		}
		return { value: current, actualPath: actual.join('.') };
	}

	get(path: string): unknown {
		return this.find(path)?.value;
	}

	/** The value if it is a non-empty string. */
	str(path: string): string | undefined {
		const value = this.get(path);
		return typeof value === 'string' && value !== '' ? value : undefined;
	}

	has(path: string): boolean {
		return !isEmptyValue(this.get(path));
	}
}

/** JSON.stringify with sorted object keys, so equal bodies serialise equally. */
export function stableStringify(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item)).join(',')}]`;
	if (isPlainObject(value)) {
		const keys = Object.keys(value).sort();
		return `{${keys
			.filter((key) => value[key] !== undefined)
			.map((key) => `${JSON.stringify(key)}:${stableStringify(value[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Every string found anywhere inside a JSON value (used for the `sandbox:` directives). */
export function collectStrings(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, out));
	else if (isPlainObject(value)) Object.values(value).forEach((item) => collectStrings(item, out));
	return out;
}

/** Round money to 8 decimals so repeated reserve/refund arithmetic stays exact-looking. */
export function roundMoney(amount: number): number {
	return Math.round(amount * 1e8) / 1e8;
}
