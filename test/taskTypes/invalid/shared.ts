/** The shape of an invalid-input case, its builders and the helpers that apply one to a body case's parameters. */
import type { INodeParameters } from 'n8n-workflow';

export interface Mutation {
	/** What is wrong, for the test title. */
	what: string;
	/** Parameter path (dots for collections: `additionalFields.minScore`) and its wrong value. */
	path: string;
	value: unknown;
	/** Other parameters to change at the same time (for every item). */
	also?: Record<string, unknown>;
	/** The error must start with the field's display name and say this. */
	field: string;
	message: RegExp;
}

export interface InvalidCases {
	/** Title of the body case (cases/) to start from; the type's first case when absent. */
	base?: string;
	missing: Mutation;
	bad: Mutation[];
}

export const REQUIRED = /is required/;
export const NOT_URL = /must be a full http:\/\/ or https:\/\/ URL/;

/**
 * n8n itself refuses to start a workflow whose required parameter is literally empty, so a value goes
 * missing at run time through an expression that finds nothing in the item.
 */
export const EMPTY = '={{ $json.notInThisItem }}';

export const missing = (path: string, field: string, message = REQUIRED): Mutation => ({
	what: `missing ${field}`,
	path,
	value: EMPTY,
	field,
	message,
});
export const bad = (
	what: string,
	path: string,
	value: unknown,
	field: string,
	message: RegExp,
): Mutation => ({
	what,
	path,
	value,
	field,
	message,
});

/** The parameters with `path` set to `value` (dots go into collections). */
export function withValue(
	parameters: INodeParameters,
	path: string,
	value: unknown,
): INodeParameters {
	const copy = structuredClone(parameters) as Record<string, unknown>;
	const keys = path.split('.');
	let node = copy;
	for (const key of keys.slice(0, -1)) {
		node[key] = { ...((node[key] as Record<string, unknown> | undefined) ?? {}) };
		node = node[key] as Record<string, unknown>;
	}
	node[keys[keys.length - 1]] = value;
	return copy as INodeParameters;
}

export function applyMutation(parameters: INodeParameters, mutation: Mutation): INodeParameters {
	let result = withValue(parameters, mutation.path, mutation.value);
	for (const [path, value] of Object.entries(mutation.also ?? {}))
		result = withValue(result, path, value);
	return result;
}

/** Reads a parameter path back (for the valid value of a mutated field). */
export function valueAt(parameters: INodeParameters, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(node, key) => (node as Record<string, unknown> | undefined)?.[key],
			parameters,
		);
}
