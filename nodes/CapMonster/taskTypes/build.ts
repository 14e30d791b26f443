/** Builds the createTask `task` object of one item from its type declaration, validating every value first. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	inputError,
	isBlank,
	requireBoolean,
	requireHttpUrl,
	requireJsonObject,
	requireNumber,
	requireText,
	shorten,
} from '../helpers/validation';
import { readImages } from './images';
import { readProxy } from './proxy';
import type { FieldSpec, TaskTypeSpec } from './types';

export interface BuiltTask {
	task: IDataObject;
	/** Whether this task asked for nocache itself (the credential's key suffix is separate). */
	noCache: boolean;
}

/**
 * Where the raw field values come from: the node's own fields (a chosen Task Type), or values found
 * in a page (Auto-Detect From Page). Either way they pass the same checks into the same body.
 */
export interface FieldValues {
	/** The value of one of the type's fields as given, undefined when not given. */
	get(spec: FieldSpec): unknown;
	/** Whether No Cache (Additional Fields) was switched on. */
	noCache: boolean;
}

/** The fields of the node: required and primary ones directly, the others under Additional Fields. */
export function nodeFieldValues(ctx: IExecuteFunctions, itemIndex: number): FieldValues {
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return {
		get: (spec) =>
			spec.required || spec.primary
				? ctx.getNodeParameter(spec.name, itemIndex, undefined)
				: additional[spec.name],
		noCache: additional.noCache === true,
	};
}

export async function buildTask(
	ctx: IExecuteFunctions,
	itemIndex: number,
	type: TaskTypeSpec,
	values: FieldValues = nodeFieldValues(ctx, itemIndex),
): Promise<BuiltTask> {
	const task: IDataObject = structuredClone(type.task);

	for (const spec of type.fields) {
		const raw = values.get(spec);
		if (!spec.required && (raw === undefined || (isBlank(raw) && !spec.sendEmpty))) continue;
		const value = fieldValue(ctx, itemIndex, spec, raw);
		if (value === undefined) continue;
		if (spec.path === '.') Object.assign(task, value as IDataObject);
		else setPath(task, spec.path, value);
	}
	const noCache = type.noCache === true && values.noCache;
	if (noCache) task.nocache = true;
	Object.assign(task, readProxy(ctx, itemIndex, type.proxy));
	if (type.image) await readImages(ctx, itemIndex, type.image, task);

	const problem = type.check?.(task);
	if (typeof problem === 'object') throw inputError(ctx, itemIndex, problem.field, problem.problem);
	if (problem)
		throw inputError(
			ctx,
			itemIndex,
			'Task',
			problem.replace(/^./, (c) => c.toLowerCase()),
		);
	return { task, noCache: noCache || task.nocache === true };
}

function fieldValue(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: FieldSpec,
	raw: unknown,
): unknown {
	const label = spec.displayName;
	switch (spec.kind) {
		case 'url':
			return requireHttpUrl(ctx, itemIndex, label, raw);
		case 'number':
		case 'integer':
			return requireNumber(ctx, itemIndex, label, raw, {
				min: spec.min,
				max: spec.max,
				integer: spec.kind === 'integer',
			});
		case 'boolean':
			return requireBoolean(ctx, itemIndex, label, raw);
		case 'bit':
			return requireBoolean(ctx, itemIndex, label, raw) ? 1 : 0;
		case 'jsonObject':
			return requireJsonObject(ctx, itemIndex, label, raw);
		case 'jsonString':
			// Sent as text, but it must be JSON the page would accept.
			return JSON.stringify(requireJsonObject(ctx, itemIndex, label, raw));
		case 'options': {
			const allowed = (spec.options ?? []).map((option) => option.value);
			const value = typeof raw === 'number' ? raw : requireText(ctx, itemIndex, label, raw);
			if (!allowed.includes(value)) {
				throw inputError(
					ctx,
					itemIndex,
					label,
					`must be one of ${allowed.join(', ')}, got "${String(value)}"`,
				);
			}
			return value;
		}
		case 'base64':
			return requireBase64(ctx, itemIndex, label, raw);
		case 'host':
			return requireHost(ctx, itemIndex, label, raw);
		default:
			if (spec.sendEmpty && isBlank(raw)) return '';
			return requireText(ctx, itemIndex, label, raw);
	}
}

/** Base64 text as pasted (possibly wrapped over lines); never echoes the value, which may be a whole page. */
function requireBase64(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	raw: unknown,
): string {
	const clean = requireText(ctx, itemIndex, label, raw).replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean) || clean.length % 4 === 1) {
		throw inputError(
			ctx,
			itemIndex,
			label,
			clean.startsWith('<')
				? 'must be base64 text, not HTML: encode the page first, e.g. with the expression {{ $json.data.base64Encode() }} or btoa() in the browser console'
				: 'must be base64 text (letters, digits, +, / and = padding only)',
		);
	}
	return clean;
}

function requireHost(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	raw: unknown,
): string {
	const text = requireText(ctx, itemIndex, label, raw);
	if (
		!/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(
			text,
		)
	) {
		throw inputError(
			ctx,
			itemIndex,
			label,
			`must be a host name only, without https:// or a path (e.g. api.example.com), got "${shorten(text)}"`,
		);
	}
	return text;
}

function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
		node = node[key] as IDataObject;
	}
	node[keys[keys.length - 1]] = value as IDataObject[keyof IDataObject];
}
