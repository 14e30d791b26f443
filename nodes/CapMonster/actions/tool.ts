/**
 * The node as an AI Agent tool. n8n offers every `usableAsTool` node a second node type, the same
 * node with "Tool" appended to its type name, and runs `execute` once per tool call, with the model's
 * arguments in the `$fromAI()` expressions of the parameters. The output then goes to a model, not
 * to the next node, so on the tool only:
 * - results are compact: the answer, taskId, userAgent, cost; no second copy of the answer, and no
 *   long base64 text (the normal node output is never changed);
 * - failures come back as a result `{ error, errorCode, hint, parameter? }` that the model can act
 *   on, instead of an error that would end the whole execution. `parameter` is the `$fromAI()` key
 *   of the field an input error is about, so the model knows which argument to correct.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { resourceProperties } from './operations';
import { RESOURCES } from './resources';

export function runsAsTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/** What the model receives for one item's output (a success or a Continue On Fail error item). */
export function toolResult(json: IDataObject, node: INode): IDataObject {
	return typeof json.error === 'string' && typeof json.errorCode === 'string'
		? toolError(json, node)
		: compact(json);
}

function toolError(json: IDataObject, node: INode): IDataObject {
	const error = json.error as string;
	const result: IDataObject = {
		error: error.replace(/ \(item \d+\)$/, ''),
		errorCode: json.errorCode,
	};
	let hint = typeof json.hint === 'string' ? json.hint : '';
	if (json.errorCode === 'INVALID_INPUT') {
		const field = fieldNamed(error);
		const key = field && fromAiKeys(node).get(field.name);
		if (key) {
			result.parameter = key;
			hint = `Call the tool again with a corrected "${key}". Nothing was sent to CapMonster.`;
		} else if (field) {
			hint = `${field.displayName} is set in the workflow, not by the model: tell the user this tool is misconfigured. Nothing was sent to CapMonster.`;
		}
	}
	if (hint) result.hint = hint;
	if (json.taskId !== undefined) result.taskId = json.taskId;
	return result;
}

/** Strings longer than this are shortened, if they look like base64 (images, HTML pages, blobs). */
const MAX_BASE64 = 1000;
/** Any other text longer than this is shortened too. */
const MAX_TEXT = 8000;
const KEEP = 100;

function compact(json: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(json)) {
		if (key === 'solution') continue;
		// The answer itself is never shortened: the model has to hand it on whole.
		result[key] = key === 'token' ? value : (shorten(value) as IDataObject[string]);
	}
	const solution = json.solution;
	if (solution && typeof solution === 'object' && !Array.isArray(solution)) {
		// `token`, `userAgent` and `cookies` already carry what the solution holds; send the rest only.
		const copies = [json.token, json.userAgent, json.cookies]
			.filter((value) => value !== undefined)
			.map((value) => JSON.stringify(value));
		const rest = Object.fromEntries(
			Object.entries(solution as IDataObject).filter(
				([, value]) => !copies.includes(JSON.stringify(value)),
			),
		);
		if (Object.keys(rest).length && JSON.stringify(rest) !== JSON.stringify(json.token)) {
			result.solution = shorten(rest) as IDataObject;
		}
	}
	return result;
}

function shorten(value: unknown): unknown {
	if (typeof value === 'string') {
		const base64 = value.length > MAX_BASE64 && /^(data:[^,]*,)?[A-Za-z0-9+/=_\-\s]+$/.test(value);
		if (!base64 && value.length <= MAX_TEXT) return value;
		return `${value.slice(0, KEEP)}… (${value.length - KEEP} more characters left out for the model)`;
	}
	if (Array.isArray(value)) return value.map(shorten);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shorten(inner)]));
	}
	return value;
}

// ---- which $fromAI() key feeds which field --------------------------------------------------

interface Field {
	name: string;
	displayName: string;
}

let fieldsByDisplayName: Field[] | undefined;

/** Every field of the node (collections' options included), longest display name first. */
function allFields(): Field[] {
	if (!fieldsByDisplayName) {
		const fields = new Map<string, Field>();
		const visit = (properties: INodeProperties[]) => {
			for (const property of properties) {
				if (property.type !== 'notice' && !fields.has(property.displayName))
					fields.set(property.displayName, {
						name: property.name,
						displayName: property.displayName,
					});
				for (const option of property.options ?? [])
					if ('displayName' in option && 'type' in option) visit([option]);
			}
		};
		visit(RESOURCES.flatMap(resourceProperties));
		fieldsByDisplayName = [...fields.values()].sort(
			(a, b) => b.displayName.length - a.displayName.length,
		);
	}
	return fieldsByDisplayName;
}

/** Input errors start with the field's display name: "Website URL must be a full http:// …". */
function fieldNamed(message: string): Field | undefined {
	return allFields().find(({ displayName }) => message.startsWith(`${displayName} `));
}

/** Parameter name → the first `$fromAI()` key in its (raw) value, anywhere in the node's parameters. */
function fromAiKeys(node: INode): Map<string, string> {
	const keys = new Map<string, string>();
	const visit = (value: unknown, name: string) => {
		if (typeof value === 'string') {
			const match = /\$fromAI\(\s*(['"`])([A-Za-z0-9_-]+)\1/i.exec(value);
			if (match && !keys.has(name)) keys.set(name, match[2]);
		} else if (value && typeof value === 'object') {
			for (const [key, inner] of Object.entries(value))
				visit(inner, Array.isArray(value) ? name : key);
		}
	};
	visit(node.parameters, '');
	return keys;
}
