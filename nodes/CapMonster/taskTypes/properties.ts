/**
 * Derives the Create Task fields shown in n8n from the task-type declarations. A field that several
 * types declare identically becomes one n8n property shown for all of them.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { PROXY_TYPES } from './proxy';
import type { FieldSpec, TaskTypeSpec } from './types';

export function taskTypeProperties(types: TaskTypeSpec[]): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Task Type',
			name: 'taskType',
			type: 'options',
			noDataExpression: true,
			default: 'recaptchaV2',
			options: [...types]
				.sort((a, b) => a.name.localeCompare(b.name))
				.map((type) => ({ name: type.name, value: type.value, description: type.description })),
		},
	];
	for (const type of types) {
		const shownFor = { show: { taskType: [type.value] } };
		if (type.image) {
			properties.push(
				...imageProperties(type).map((p) => ({
					...p,
					displayOptions: { show: { ...p.displayOptions?.show, taskType: [type.value] } },
				})),
			);
		}
		for (const spec of type.fields.filter((f) => f.required || f.primary)) {
			properties.push({
				...toProperty(spec),
				...(spec.required ? { required: true } : {}),
				displayOptions: shownFor,
			});
		}
		properties.push(...proxyProperties(type));
		const optional = type.fields
			.filter((f) => !f.required && !f.primary)
			.map((spec) => toProperty(spec));
		if (type.noCache) optional.push(noCacheProperty);
		if (optional.length) {
			properties.push({
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: shownFor,
				options: optional.sort((a, b) => a.displayName.localeCompare(b.displayName)),
			});
		}
	}
	return inFormOrder(properties, mergeIdentical(properties));
}

function toProperty(spec: FieldSpec): INodeProperties {
	const property: INodeProperties = {
		displayName: spec.displayName,
		name: spec.name,
		type: propertyType(spec),
		default: spec.default ?? defaultFor(spec),
		description: spec.description,
	};
	if (spec.placeholder) property.placeholder = spec.placeholder;
	if (spec.options) property.options = spec.options as INodePropertyOptions[];
	const typeOptions: INodeProperties['typeOptions'] = {};
	if (spec.min !== undefined) typeOptions.minValue = spec.min;
	if (spec.max !== undefined) typeOptions.maxValue = spec.max;
	if (spec.kind === 'number') typeOptions.numberPrecision = 2;
	if (spec.rows) typeOptions.rows = spec.rows;
	if (spec.password) typeOptions.password = true;
	if (Object.keys(typeOptions).length) property.typeOptions = typeOptions;
	return property;
}

function propertyType(spec: FieldSpec): INodeProperties['type'] {
	switch (spec.kind) {
		case 'number':
		case 'integer':
			return 'number';
		case 'boolean':
		case 'bit':
			return 'boolean';
		case 'options':
			return 'options';
		case 'jsonObject':
			return 'json';
		default:
			return 'string';
	}
}

function defaultFor(spec: FieldSpec): string | number | boolean {
	if (spec.kind === 'boolean' || spec.kind === 'bit') return false;
	if (spec.kind === 'number' || spec.kind === 'integer') return spec.min ?? 0;
	if (spec.kind === 'options') return spec.options?.[0]?.value ?? '';
	return '';
}

const noCacheProperty: INodeProperties = {
	displayName: 'No Cache',
	name: 'noCache',
	type: 'boolean',
	default: false,
	description:
		'Whether to ask CapMonster for a freshly solved token instead of a cached one (for sites that reject some tokens). The first result check waits longer.',
};

function imageProperties(type: TaskTypeSpec): INodeProperties[] {
	const image = type.image!;
	const many = image.max > 1;
	const sources: INodePropertyOptions[] = [
		{
			name: 'Base64 Text',
			value: 'base64',
			description: 'Base64 text, with or without a data: prefix',
		},
		{
			name: 'Binary File',
			value: 'binary',
			description: 'From a binary property of the input item (e.g. from HTTP Request)',
		},
	];
	if (image.urlPath)
		sources.push({
			name: 'Image URL',
			value: 'url',
			description: 'CapMonster downloads the image itself',
		});
	const count = image.min === image.max ? `${image.min}` : `${image.min}–${image.max}`;
	return [
		{
			displayName: 'Image Source',
			name: 'imageSource',
			type: 'options',
			default: 'binary',
			options: sources,
			description: `Where the captcha image${many ? 's come' : ' comes'} from (${count} image${image.max > 1 ? 's' : ''})`,
		},
		{
			displayName: many ? 'Input Binary Fields' : 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			displayOptions: { show: { imageSource: ['binary'] } },
			description: many
				? 'Names of the binary properties holding the images, in order, separated by commas'
				: 'Name of the binary property holding the image',
		},
		{
			displayName: many ? 'Images (Base64)' : 'Image (Base64)',
			name: 'imageBase64',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			displayOptions: { show: { imageSource: ['base64'] } },
			description: many
				? 'Base64 images, one per line (or a JSON array of strings)'
				: 'The image as base64 text; a data:image/…;base64, prefix and line breaks are removed',
		},
		...(image.urlPath
			? [
					{
						displayName: many ? 'Image URLs' : 'Image URL',
						name: 'imageUrls',
						type: 'string',
						default: '',
						required: true,
						displayOptions: { show: { imageSource: ['url'] } },
						description: many ? 'Image URLs, one per line' : 'Address of the image',
					} satisfies INodeProperties,
				]
			: []),
	];
}

export function proxyProperties(type: Pick<TaskTypeSpec, 'value' | 'proxy'>): INodeProperties[] {
	if (type.proxy === 'none') return [];
	const required = type.proxy === 'required';
	const shownFor = (input?: string) => ({
		show: { taskType: [type.value], ...(input ? { proxyInput: [input] } : {}) },
	});
	const inputOptions: INodePropertyOptions[] = [
		{
			name: 'Proxy Fields',
			value: 'fields',
			description: 'Type, address, port, login and password',
		},
		{
			name: 'Proxy URL',
			value: 'url',
			description: 'One URL such as http://user:pass@1.2.3.4:8080',
		},
	];
	const defaultInput = required ? 'fields' : 'none';
	if (!required) {
		inputOptions.unshift({
			name: 'None (CapMonster Proxies)',
			value: 'none',
			description: 'Solve through CapMonster’s own proxies (included in the price)',
		});
	}
	return [
		{
			displayName: 'Proxy',
			name: 'proxyInput',
			type: 'options',
			default: defaultInput,
			options: inputOptions,
			description: required
				? 'This captcha must be solved through your proxy: the same IP must then load the page and send the answer'
				: 'Use your own proxy when the site ties the answer to the visitor’s IP',
			displayOptions: shownFor(),
		},
		{
			displayName: 'Proxy Type',
			name: 'proxyType',
			type: 'options',
			default: 'http',
			options: PROXY_TYPES.map((value) => ({ name: value.toUpperCase(), value })),
			description: 'Use HTTPS only if HTTP does not work with your proxy',
			displayOptions: shownFor('fields'),
		},
		{
			displayName: 'Proxy Address',
			name: 'proxyAddress',
			type: 'string',
			default: '',
			required: true,
			placeholder: '203.0.113.10',
			description: 'IP address (or host name) of the proxy; not a local-network address',
			displayOptions: shownFor('fields'),
		},
		{
			displayName: 'Proxy Port',
			name: 'proxyPort',
			type: 'number',
			default: 8080,
			required: true,
			typeOptions: { minValue: 1, maxValue: 65535 },
			displayOptions: shownFor('fields'),
		},
		{
			displayName: 'Proxy Login',
			name: 'proxyLogin',
			type: 'string',
			default: '',
			displayOptions: shownFor('fields'),
		},
		{
			displayName: 'Proxy Password',
			name: 'proxyPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: shownFor('fields'),
		},
		{
			displayName: 'Proxy URL',
			name: 'proxyUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'http://user:pass@203.0.113.10:8080',
			description:
				'Scheme (http, https, socks4 or socks5), optional login and password, host and port',
			displayOptions: shownFor('url'),
		},
	];
}

const IMAGE_INPUTS = ['imageSource', 'binaryPropertyName', 'imageBase64', 'imageUrls'];
const PROXY_INPUTS = [
	'proxyInput',
	'proxyType',
	'proxyAddress',
	'proxyPort',
	'proxyLogin',
	'proxyPassword',
	'proxyUrl',
];

/**
 * A merged property sits where it first appeared, which for shared inputs is among an earlier
 * type's fields. Every type's form must read: Task Type, image input, its fields in declared order,
 * proxy, Additional Fields. So the sections are sorted (image and proxy inputs in a fixed order),
 * and the fields section is ordered so that each type's fields keep their declared order.
 */
function inFormOrder(
	originals: INodeProperties[],
	{ merged, mergedOf }: ReturnType<typeof mergeIdentical>,
): INodeProperties[] {
	const placement = (property: INodeProperties): [number, number] => {
		if (property.name === 'taskType') return [0, 0];
		if (IMAGE_INPUTS.includes(property.name)) return [1, IMAGE_INPUTS.indexOf(property.name)];
		if (PROXY_INPUTS.includes(property.name)) return [3, PROXY_INPUTS.indexOf(property.name)];
		if (property.name === 'additionalFields') return [4, 0];
		return [2, 0];
	};
	const fieldOrder = declaredFieldOrder(originals, merged, mergedOf, (p) => placement(p)[0] === 2);
	const rank = (property: INodeProperties): [number, number] => {
		const [section, within] = placement(property);
		return section === 2 ? [2, fieldOrder.get(property) ?? 0] : [section, within];
	};
	return merged
		.map((property, index) => ({ property, index, place: rank(property) }))
		.sort((a, b) => a.place[0] - b.place[0] || a.place[1] - b.place[1] || a.index - b.index)
		.map(({ property }) => property);
}

/**
 * Positions for the fields section: a topological order of "comes before" pairs taken from every
 * type's declared field order, preferring the earlier first appearance where nothing constrains it.
 */
function declaredFieldOrder(
	originals: INodeProperties[],
	merged: INodeProperties[],
	mergedOf: Map<INodeProperties, INodeProperties>,
	isField: (property: INodeProperties) => boolean,
): Map<INodeProperties, number> {
	const fields = merged.filter(isField);
	const before = new Map(fields.map((field) => [field, new Set<INodeProperties>()]));
	const lastOfType = new Map<string, INodeProperties>();
	for (const original of originals) {
		const field = mergedOf.get(original);
		if (!field || !isField(field)) continue;
		for (const type of (original.displayOptions?.show?.taskType as string[] | undefined) ?? []) {
			const previous = lastOfType.get(type);
			if (previous && previous !== field) before.get(field)!.add(previous);
			lastOfType.set(type, field);
		}
	}
	const order = new Map<INodeProperties, number>();
	while (order.size < fields.length) {
		// The earliest field whose predecessors are all placed; on a conflict, the earliest unplaced one.
		const next =
			fields.find(
				(field) =>
					!order.has(field) && [...before.get(field)!].every((previous) => order.has(previous)),
			) ?? fields.find((field) => !order.has(field))!;
		order.set(next, order.size);
	}
	return order;
}

/** Folds properties that differ only in the task types they are shown for into one. */
function mergeIdentical(properties: INodeProperties[]): {
	merged: INodeProperties[];
	/** Each input property → the property it was folded into. */
	mergedOf: Map<INodeProperties, INodeProperties>;
} {
	const merged: INodeProperties[] = [];
	const mergedOf = new Map<INodeProperties, INodeProperties>();
	const byShape = new Map<string, INodeProperties>();
	for (const property of properties) {
		const taskTypes = property.displayOptions?.show?.taskType as string[] | undefined;
		if (!taskTypes) {
			merged.push(property);
			mergedOf.set(property, property);
			continue;
		}
		const otherConditions = Object.fromEntries(
			Object.entries(property.displayOptions!.show!).filter(([key]) => key !== 'taskType'),
		);
		const shape = JSON.stringify({ ...property, displayOptions: otherConditions });
		const existing = byShape.get(shape);
		if (existing) {
			(existing.displayOptions!.show!.taskType as string[]).push(...taskTypes);
			mergedOf.set(property, existing);
		} else {
			const copy = {
				...property,
				displayOptions: { show: { ...property.displayOptions!.show, taskType: [...taskTypes] } },
			};
			byShape.set(shape, copy);
			merged.push(copy);
			mergedOf.set(property, copy);
		}
	}
	return { merged, mergedOf };
}
