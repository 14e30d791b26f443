/**
 * Continue On Fail: for every Task Type, an item whose value is missing fails on its own (the error
 * names the field and the item, nothing is sent for it) while the next item still solves.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { BODY_CASES, validCase } from './cases';
import { run, useFileSandbox, USER_AGENT } from './harness';
import { INVALID, valueAt, withValue } from './invalid';

const env = useFileSandbox();

/** Two items: the first has the type's "missing" mutation, the second the valid values. */
function twoItems(taskType: string): {
	parameters: INodeParameters;
	items: INodeExecutionData[];
	field: string;
} {
	const cases = INVALID[taskType];
	const base = cases.base ? BODY_CASES.find((c) => c.title === cases.base)! : validCase(taskType);
	const mutation = cases.missing;
	const paths = [mutation.path, ...Object.keys(mutation.also ?? {})];
	let parameters = base.parameters;
	const bad: IDataObject = {};
	const good: IDataObject = {};
	paths.forEach((path, index) => {
		const wrong = index === 0 ? mutation.value : mutation.also![path];
		bad[`v${index}`] = typeof wrong === 'string' && wrong.startsWith('=') ? '' : (wrong as string);
		good[`v${index}`] = valueAt(base.parameters, path) as string;
		parameters = withValue(parameters, path, `={{ $json.v${index} }}`);
	});
	const template = base.items?.[0] ?? { json: {} };
	return {
		parameters,
		items: [
			{ ...template, json: bad },
			{ ...template, json: good },
		],
		field: mutation.field,
	};
}

const types = [...new Set(BODY_CASES.map((testCase) => testCase.taskType))];

test.concurrent.each(types)(
	'%s: the bad item fails alone, the good one solves',
	async (taskType) => {
		const { parameters, items, field } = twoItems(taskType);
		const result = await run(env.sandbox, taskType, parameters, { items, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		const [failed, solved] = result.items.map((item) => item.json);
		expect(String(failed.error).startsWith(`${field} `)).toBe(true);
		expect(String(failed.error)).toMatch(/\(item 0\)$/);
		expect(failed.errorCode).toBe('INVALID_INPUT');
		expect(failed.taskId).toBeUndefined();
		expect(solved.status).toBe('ready');
		expect(solved.token).toBeDefined();
		const created = [...env.sandbox.tasks.values()].filter((task) => task.id === solved.taskId);
		expect(created).toHaveLength(1);
		expect(created[0].warnings).toEqual([]);
	},
);

test('the error names the item that failed, here the second', async () => {
	const result = await run(
		env.sandbox,
		'recaptchaV2',
		{
			websiteURL: '={{ $json.url }}',
			websiteKey: '6Lcg7CMUAAAAANphynKgn9YAgA4tQ2KI_iqRyTwd',
			additionalFields: { userAgent: USER_AGENT },
		},
		{
			items: [{ json: { url: 'https://example.com/a' } }, { json: { url: 'example.com/b' } }],
			continueOnFail: true,
		},
	);
	const [solved, failed] = result.items.map((item) => item.json);
	expect(solved.status).toBe('ready');
	expect(failed.error).toBe(
		'Website URL must be a full http:// or https:// URL, got "example.com/b" (item 1)',
	);
	expect(result.items[1].pairedItem).toEqual({ item: 1 });
});
