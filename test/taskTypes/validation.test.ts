/**
 * Validation before any request: for every Task Type a missing required value and bad values are
 * refused with an error that names the field and the item, and nothing reaches the sandbox.
 * The tests run one after another so that the sandbox's request log can be compared.
 */
import { BODY_CASES, validCase } from './cases';
import { errorMessage, run, useFileSandbox } from './harness';
import { applyMutation, INVALID, type Mutation } from './invalid';

const env = useFileSandbox();

const rows = Object.entries(INVALID).flatMap(([taskType, cases]) =>
	[cases.missing, ...cases.bad].map((mutation) => ({ taskType, base: cases.base, mutation })),
);

test('every Task Type has a missing-field case and a bad-value case', () => {
	const types = [...new Set(BODY_CASES.map((testCase) => testCase.taskType))];
	for (const type of types) {
		expect([type, INVALID[type] !== undefined]).toEqual([type, true]);
		expect(INVALID[type].bad.length).toBeGreaterThan(0);
	}
});

test.each(rows.map((row) => [row.taskType, row.mutation.what, row] as const))(
	'%s: %s is refused before any request',
	async (taskType, _what, { base, mutation }: { base?: string; mutation: Mutation }) => {
		const valid = base ? BODY_CASES.find((c) => c.title === base)! : validCase(taskType);
		const before = env.sandbox.requests.length;
		const result = await run(env.sandbox, taskType, applyMutation(valid.parameters, mutation), {
			items: valid.items,
		});
		const message = errorMessage(result);
		expect(result.items).toEqual([]);
		expect(message.startsWith(`${mutation.field} `)).toBe(true);
		expect(message).toMatch(mutation.message);
		expect(message).toMatch(/\(item 0\)$/);
		expect(env.sandbox.requests.length).toBe(before);
	},
);
