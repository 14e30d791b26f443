/**
 * The node description is derived from the operation modules: the Operation dropdowns, the router's
 * table and the canvas subtitle. These tests say what is missing when an operation or a task type is added.
 */
import { findOperation, subtitleExpression } from '../../nodes/CapMonster/actions/operations';
import { RESOURCES } from '../../nodes/CapMonster/actions/resources';
import { TASK_TYPES } from '../../nodes/CapMonster/taskTypes';
import { loadNodeClass } from '../helpers/engine';

const description = new (loadNodeClass())().description;

/** Evaluates the subtitle as the canvas would, for the given parameters. */
function subtitleFor(parameters: Record<string, string>): unknown {
	const body = String(description.subtitle)
		.replace(/^=\{\{/, '')
		.replace(/\}\}$/, '');
	return new Function('$parameter', `return (${body});`)(parameters);
}

describe('node description', () => {
	it('holds the subtitle derived from the operation entries', () => {
		const expected = subtitleExpression(RESOURCES);
		if (description.subtitle !== expected) {
			throw new Error(`Set "subtitle" in nodes/CapMonster/CapMonster.node.ts to:\n'${expected}'`);
		}
	});

	const operations = RESOURCES.flatMap((definition) =>
		definition.operations.map((module) => ({ resource: definition.resource.value, module })),
	);

	it.each(operations.map(({ resource, module }) => [resource, module.operation.value]))(
		'routes %s / %s to its execute and shows a subtitle',
		(resource, operation) => {
			expect(findOperation(RESOURCES, resource, operation)?.execute).toBeInstanceOf(Function);
			const subtitle = subtitleFor({ resource, operation, taskType: TASK_TYPES[0].value });
			expect(typeof subtitle).toBe('string');
			expect(subtitle).not.toMatch(/undefined/);
		},
	);

	it.each(TASK_TYPES.map((type) => [type.value, type.name]))(
		'shows Create Task with %s as "Solve %s"',
		(taskType, name) => {
			expect(subtitleFor({ resource: 'task', operation: 'create', taskType })).toBe(
				`Solve ${name}`,
			);
		},
	);

	it('lists each resource once, and each operation once per resource, in its dropdown', () => {
		const resourceValues = RESOURCES.map(({ resource }) => resource.value);
		expect(new Set(resourceValues).size).toBe(resourceValues.length);
		for (const definition of RESOURCES) {
			const dropdown = description.properties.find(
				(property) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.includes(definition.resource.value),
			);
			const values = (dropdown?.options as Array<{ value: string }>).map(({ value }) => value);
			expect(values.sort()).toEqual(
				definition.operations.map(({ operation }) => operation.value).sort(),
			);
			expect(values).toContain(dropdown?.default);
		}
	});
});
