/**
 * Exact createTask bodies: for every Task Type (and variant) the node runs in n8n's engine against
 * the sandbox with realistic input, and the `task` object that arrives must equal the vendor docs'
 * request examples field for field (names, nesting under metadata, casing, JSON value types). The
 * sandbox's independent model must have no warnings about it, and the output's `token` must be the
 * type's main answer.
 */
import type { IDataObject } from 'n8n-workflow';

import { BODY_CASES } from './cases';
import { solve, useFileSandbox } from './harness';

const env = useFileSandbox();

test.concurrent.each(BODY_CASES)('$title', async (testCase) => {
	const { task, json, record } = await solve(
		env.sandbox,
		testCase.taskType,
		testCase.parameters,
		testCase.items,
	);
	expect(task).toEqual(testCase.expected);
	expect(record.warnings).toEqual([]);
	if (testCase.variant) expect(record.variant).toBe(testCase.variant);
	expect(json.status).toBe('ready');
	expect(json.taskType).toBe(testCase.expected.type);
	const token = testCase.token(record.solution as IDataObject);
	expect(token).toBeDefined();
	expect(json.token).toEqual(token);
});

test('every Task Type has at least one body case', async () => {
	const { TASK_TYPES } = await import('../../nodes/CapMonster/taskTypes');
	const covered = new Set(BODY_CASES.map((testCase) => testCase.taskType));
	expect(TASK_TYPES.map((type) => type.value).filter((value) => !covered.has(value))).toEqual([]);
});
