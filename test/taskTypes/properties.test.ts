/**
 * The node's Create Task fields are derived from the task-type declarations. These checks read the
 * node's real description (as n8n would) and the declarations, without running anything.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CapMonster } from '../../nodes/CapMonster/CapMonster.node';
import { AUTO_DETECT } from '../../nodes/CapMonster/actions/task/autoDetect';
import { TASK_TYPES } from '../../nodes/CapMonster/taskTypes';
import type { TaskTypeSpec } from '../../nodes/CapMonster/taskTypes/types';

import { DOCUMENTED } from './documented';

const properties = new CapMonster().description.properties;
type Values = Record<string, unknown>;

/** n8n's show rule for the simple displayOptions this node uses (lists of allowed values). */
function isShown(property: INodeProperties, values: Values): boolean {
	const { show, hide } = property.displayOptions ?? {};
	if (hide) throw new Error(`${property.name}: hide conditions are not expected here`);
	return Object.entries(show ?? {}).every(([key, allowed]) => {
		if (!Array.isArray(allowed)) throw new Error(`${property.name}: unsupported condition ${key}`);
		return allowed.some((value) => value === values[key]);
	});
}

/** The properties n8n shows for a value set; a shown parameter's value also drives later conditions. */
function visible(values: Values): INodeProperties[] {
	return properties.filter((property) => isShown(property, values));
}

/** Every combination of the switches a Create Task form can be in, for one Task Type. */
function formStates(type: TaskTypeSpec): Values[] {
	const states: Values[] = [];
	const proxyInputs = type.proxy === 'none' ? [undefined] : ['none', 'fields', 'url'];
	const imageSources = type.image ? ['binary', 'base64', 'url'] : [undefined];
	for (const proxyInput of proxyInputs)
		for (const imageSource of imageSources)
			states.push({
				resource: 'task',
				operation: 'create',
				taskType: type.value,
				proxyInput,
				imageSource,
			});
	return states;
}

function allOptionLists(
	list: INodeProperties[],
	path = '',
): Array<[string, INodePropertyOptions[]]> {
	const found: Array<[string, INodePropertyOptions[]]> = [];
	for (const property of list) {
		const here = `${path}${property.name}`;
		if (property.type === 'options' && property.options)
			found.push([here, property.options as INodePropertyOptions[]]);
		if (property.type === 'collection' && property.options)
			found.push(...allOptionLists(property.options as INodeProperties[], `${here}.`));
	}
	return found;
}

function allProperties(list: INodeProperties[]): INodeProperties[] {
	return list.flatMap((property) =>
		property.type === 'collection' && property.options
			? [property, ...allProperties(property.options as INodeProperties[])]
			: [property],
	);
}

const taskTypeProperty = properties.find((property) => property.name === 'taskType')!;
const taskTypeOptions = taskTypeProperty.options as INodePropertyOptions[];

describe('Task Type list', () => {
	test('every option has exactly one declaration and every declaration an option', () => {
		// Auto-Detect From Page is the one option that is not a type: it picks one of the others.
		const optionValues = taskTypeOptions
			.map((option) => option.value)
			.filter((value) => value !== AUTO_DETECT.value);
		expect(new Set(optionValues).size).toBe(optionValues.length);
		expect([...optionValues].sort()).toEqual(TASK_TYPES.map((type) => type.value).sort());
		expect(new Set(TASK_TYPES.map((type) => type.name)).size).toBe(TASK_TYPES.length);
	});

	test('offers the whole documented catalogue, and no hCaptcha', () => {
		const sent = TASK_TYPES.map((type) =>
			[type.task.type, type.task.class, type.task.cloudflareTaskType, type.task.version]
				.filter((part) => part !== undefined)
				.join('/'),
		);
		expect(sent.sort()).toEqual(
			Object.values(DOCUMENTED)
				.map((type) => type.sends)
				.sort(),
		);
		expect(JSON.stringify(TASK_TYPES.map((type) => type.task))).not.toMatch(/hcaptcha/i);
	});

	test('options are sorted by name and have descriptions', () => {
		const names = taskTypeOptions.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		for (const option of taskTypeOptions) expect(option.description).toBeTruthy();
	});
});

describe.each(TASK_TYPES.map((type) => [type.value, type] as const))('%s', (_value, type) => {
	test('no two visible properties share a name, in any state of the form', () => {
		for (const state of formStates(type)) {
			const names = visible(state).map((property) => property.name);
			const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
			expect({ state, duplicates }).toEqual({ state, duplicates: [] });
		}
	});

	test('every declared field is reachable: required and primary ones directly, others under Additional Fields', () => {
		for (const state of formStates(type)) {
			const shown = visible(state);
			const additional = shown.find((property) => property.name === 'additionalFields');
			const optionNames = ((additional?.options ?? []) as INodeProperties[]).map((o) => o.name);
			for (const spec of type.fields) {
				if (spec.required || spec.primary) {
					const property = shown.find((p) => p.name === spec.name);
					expect({ field: spec.name, state, shown: property !== undefined }).toEqual({
						field: spec.name,
						state,
						shown: true,
					});
					expect(property!.required === true).toBe(spec.required === true);
					expect(property!.displayName).toBe(spec.displayName);
				} else {
					expect(optionNames).toContain(spec.name);
				}
			}
			if (type.noCache) expect(optionNames).toContain('noCache');
			else expect(optionNames).not.toContain('noCache');
		}
	});

	test('the form reads: Task Type, image input, fields in declared order, proxy, Additional Fields', () => {
		const image = ['imageSource', 'binaryPropertyName', 'imageBase64', 'imageUrls'];
		const proxy = ['proxyInput', 'proxyType', 'proxyAddress', 'proxyPort', 'proxyLogin'];
		const fields = type.fields.filter((f) => f.required || f.primary).map((f) => f.name);
		for (const state of formStates(type)) {
			const names = visible(state)
				.map((property) => property.name)
				.filter((name) => name !== 'resource' && name !== 'operation');
			const expected = [
				'taskType',
				...names.filter((name) => image.includes(name)),
				...fields,
				...names.filter((name) => name.startsWith('proxy')),
				...names.filter((name) => name === 'additionalFields'),
				'options',
			];
			expect({ state, names }).toEqual({ state, names: expected });
			const proxyShown = names.filter((name) => proxy.includes(name));
			expect(proxyShown).toEqual(proxy.filter((name) => proxyShown.includes(name)));
		}
	});

	test('fields write distinct paths, and option defaults are among the options', () => {
		const paths = type.fields.map((spec) => spec.path);
		expect(paths.filter((path, index) => paths.indexOf(path) !== index)).toEqual([]);
		for (const spec of type.fields.filter((f) => f.kind === 'options')) {
			const values = (spec.options ?? []).map((option) => option.value);
			expect(values).toContain(spec.default);
		}
	});

	test('proxy parameters appear exactly when the type takes a proxy', () => {
		const proxyNames = ['proxyInput', 'proxyType', 'proxyAddress', 'proxyPort', 'proxyUrl'];
		const everything = formStates(type).flatMap((state) => visible(state).map((p) => p.name));
		for (const name of proxyNames) {
			if (type.proxy === 'none') expect(everything).not.toContain(name);
			else expect(everything).toContain(name);
		}
		if (type.proxy !== 'none') {
			const input = visible(formStates(type)[0]).find((p) => p.name === 'proxyInput')!;
			const choices = (input.options as INodePropertyOptions[]).map((option) => option.value);
			expect(choices.includes('none')).toBe(type.proxy === 'optional');
			expect(input.default).toBe(type.proxy === 'required' ? 'fields' : 'none');
		}
	});
});

describe('declarations follow the docs', () => {
	const byValue = new Map(TASK_TYPES.map((type) => [type.value, type]));

	test('proxy rules (as documented per task type)', () => {
		const rules = Object.fromEntries(TASK_TYPES.map((type) => [type.value, type.proxy]));
		expect(rules).toEqual(
			Object.fromEntries(Object.entries(DOCUMENTED).map(([value, type]) => [value, type.proxy])),
		);
	});

	test('nocache only where the docs name it (reCAPTCHA v2 and v3)', () => {
		expect(TASK_TYPES.filter((type) => type.noCache).map((type) => type.value)).toEqual([
			'recaptchaV2',
			'recaptchaV3',
		]);
	});

	test('image tasks report as images, every other type as tokens', () => {
		for (const type of TASK_TYPES)
			expect([type.value, type.report]).toEqual([
				type.value,
				type.task.type === 'ImageToTextTask' || type.task.type === 'ComplexImageTask'
					? 'image'
					: 'token',
			]);
	});

	test('reCAPTCHA v3 has no proxy parameters at all in the node description', () => {
		const proxyParameters = properties.filter(
			(property) =>
				property.name.startsWith('proxy') &&
				(property.displayOptions?.show?.taskType as string[] | undefined)?.some((value) =>
					['recaptchaV3', 'recaptchaV3Enterprise'].includes(String(value)),
				),
		);
		expect(proxyParameters).toEqual([]);
		expect(byValue.get('recaptchaV3')!.task.type).toBe('RecaptchaV3TaskProxyless');
	});
});

describe('n8n wording rules (Create Task fields)', () => {
	const createTask = properties.filter(
		(property) =>
			property.type !== 'notice' &&
			(property.displayOptions?.show?.operation as string[] | undefined)?.includes('create'),
	);
	const everything = allProperties(createTask);

	test('every option list is sorted by name', () => {
		for (const [name, options] of allOptionLists(createTask)) {
			const names = options.map((option) => option.name);
			expect({ name, names }).toEqual({
				name,
				names: [...names].sort((a, b) => a.localeCompare(b)),
			});
		}
	});

	test('boolean descriptions start with "Whether"', () => {
		for (const property of everything.filter((p) => p.type === 'boolean'))
			expect([property.name, property.description?.startsWith('Whether')]).toEqual([
				property.name,
				true,
			]);
	});

	test('one-sentence descriptions have no trailing period', () => {
		const texts = [
			...everything.map((p) => [p.name, p.description] as const),
			...allOptionLists(createTask).flatMap(([name, options]) =>
				options.map((option) => [`${name}=${String(option.value)}`, option.description] as const),
			),
		];
		for (const [name, text] of texts) {
			if (!text || !text.endsWith('.')) continue;
			const sentences = text.split(/[.!?]\s+(?=[A-Z"(])/).length;
			expect([name, sentences > 1]).toEqual([name, true]);
		}
	});

	test('display names are in Title Case', () => {
		const small = new Set([
			'a',
			'an',
			'and',
			'as',
			'at',
			'by',
			'for',
			'in',
			'of',
			'on',
			'or',
			'the',
			'to',
		]);
		for (const property of everything) {
			const words = property.displayName.split(/\s+/);
			const wrong = words.filter(
				(word, index) => /^[a-z]/.test(word) && (index === 0 || !small.has(word)),
			);
			expect([property.displayName, wrong]).toEqual([property.displayName, []]);
		}
	});
});
