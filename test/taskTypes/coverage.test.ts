/**
 * Adding a Task Type: one declaration in nodes/CapMonster/taskTypes/catalogue/<family>.ts, then the
 * places listed in docs/adding-a-task-type.md. This test names every place a type still lacks, as
 * "add <type> to <file>", so that the failures are the checklist. What can be derived is checked
 * against the catalogue (the README's task-type table); what is deliberately independent of the
 * declarations (the sandbox's model, the documented facts) is only checked for presence here — the
 * body, validation and properties tests check the contents.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { CapMonster } from '../../nodes/CapMonster/CapMonster.node';
import { TASK_TYPES } from '../../nodes/CapMonster/taskTypes';
import type { TaskTypeSpec } from '../../nodes/CapMonster/taskTypes/types';
import { supportsTask } from '../../nodes/CapMonster/transport/rucaptcha';
import { checkTask } from '../sandbox';

import { BODY_CASES, BODY_CASES_BY_FAMILY } from './cases';
import { DOCUMENTED } from './documented';
import { INVALID_BY_FAMILY } from './invalid';

const ROOT = path.resolve(__dirname, '../..');
const CATALOGUE = 'nodes/CapMonster/taskTypes/catalogue';

type Place = 'sandbox' | 'rucaptcha';

/**
 * Types that are not one plain CapMonster task type, with the places that do not apply to them and
 * why. Add an entry only with its reason; an entry for a type that no longer exists fails.
 */
const EXEMPT: Readonly<Record<string, Partial<Record<Place, string>>>> = {
	customJson: {
		rucaptcha:
			'sends the task object the user writes: the RuCaptcha-compatible protocol carries it exactly when it carries that object',
	},
};

/**
 * The Task Types the RuCaptcha-compatible protocol carries (nodes/CapMonster/transport/rucaptcha.ts,
 * listed for users in RUCAPTCHA_TYPES there and in the README's Protocol section). Every other type is
 * refused before anything is sent, asking to switch the credential's Protocol.
 */
const RUCAPTCHA_CARRIES = [
	'recaptchaV2',
	'recaptchaV2Enterprise',
	'recaptchaV3',
	'recaptchaV3Enterprise',
	'imageToText',
	'turnstile',
	'turnstileChallengeToken',
	'funCaptcha',
	'geetestV3',
	'geetestV4',
];

/** The catalogue's family files (catalogue/<family>.ts) and the types each declares. */
function catalogueFamilies(): Map<string, TaskTypeSpec[]> {
	const families = new Map<string, TaskTypeSpec[]>();
	for (const file of readdirSync(path.join(ROOT, CATALOGUE)).sort()) {
		if (!file.endsWith('.ts') || file === 'index.ts') continue;
		const exports = jest.requireActual<Record<string, unknown>>(path.join(ROOT, CATALOGUE, file));
		const types = Object.values(exports)
			.filter(Array.isArray)
			.flat()
			.filter((entry): entry is TaskTypeSpec => typeof (entry as TaskTypeSpec)?.value === 'string');
		families.set(file.replace(/\.ts$/, ''), types);
	}
	return families;
}

const FAMILIES = catalogueFamilies();
const FAMILY_OF = new Map(
	[...FAMILIES].flatMap(([family, types]) => types.map((type) => [type.value, family] as const)),
);
const VALUES = TASK_TYPES.map((type) => type.value);

const exempt = (value: string, place: Place): boolean => EXEMPT[value]?.[place] !== undefined;

/** Fails with every message at once, so one run lists everything a new type still lacks. */
function expectNothingMissing(missing: string[]): void {
	if (missing.length) throw new Error(missing.join('\n'));
}

/** The names in the first column of the README table headed "Task Type", wherever it sits. */
function readmeTaskTypes(): string[] {
	const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
	const header = lines.findIndex((line) => /^\|\s*Task Type\s*\|/.test(line));
	if (header < 0) throw new Error('README.md has no table whose first column is "Task Type"');
	const names: string[] = [];
	for (const line of lines.slice(header + 2)) {
		if (!line.startsWith('|')) break;
		names.push(...namesInCell(line.split('|')[1].trim()));
	}
	return names;
}

/**
 * One README cell may name several types: "Binance, Prosopo", "GeeTest V3 / V4" (the last word
 * varies), "Amazon AWS WAF (Captcha Script / Challenge Page)" (the part in brackets varies).
 */
function namesInCell(cell: string): string[] {
	return cell.split(/,\s*/).flatMap((part) => {
		const bracket = /^(.*) \((.+ \/ .+)\)$/.exec(part);
		if (bracket) return bracket[2].split(' / ').map((variant) => `${bracket[1]} (${variant})`);
		const [first, ...others] = part.split(' / ');
		const stem = first.slice(0, first.lastIndexOf(' ') + 1);
		return [first, ...others.map((other) => `${stem}${other}`)];
	});
}

/**
 * A body case's task with only the type's fixed part, its required fields and its images: the
 * protocol carries a type when it carries that, even if not every optional field.
 */
function requiredPart(task: IDataObject, value: string): IDataObject {
	const type = TASK_TYPES.find((candidate) => candidate.value === value)!;
	const keep = new Set([
		...Object.keys(type.task),
		...type.fields.filter((spec) => spec.required).map((spec) => spec.path.split('.')[0]),
		...(type.image ? [type.image.base64Path.split('.')[0]] : []),
	]);
	return Object.fromEntries(Object.entries(task).filter(([key]) => keep.has(key)));
}

describe('adding a Task Type: every place has it', () => {
	test(`every family file of ${CATALOGUE}/ is in its index`, () => {
		const listed = new Set(VALUES);
		expectNothingMissing(
			[...FAMILIES].flatMap(([family, types]) =>
				types
					.filter((type) => !listed.has(type.value))
					.map((type) => `add ${type.value} (${family}.ts) to ${CATALOGUE}/index.ts`),
			),
		);
	});

	test.each([
		{
			folder: 'cases',
			needs: 'realistic input and the exact task body',
			entries: (family: string) =>
				BODY_CASES_BY_FAMILY[family]?.map((testCase) => ({
					taskType: testCase.taskType,
					label: `"${testCase.title}"`,
					complete: true,
				})),
		},
		{
			folder: 'invalid',
			needs: 'a missing value and at least one bad value',
			entries: (family: string) =>
				INVALID_BY_FAMILY[family] &&
				Object.entries(INVALID_BY_FAMILY[family]).map(([value, cases]) => ({
					taskType: value,
					label: value,
					complete: cases.bad.length > 0,
				})),
		},
	])('$folder: test/taskTypes/$folder/<family>.ts', ({ folder, needs, entries }) => {
		const missing: string[] = [];
		const fileOf = (family: string) => `test/taskTypes/${folder}/${family}.ts`;
		const families = Object.keys(folder === 'cases' ? BODY_CASES_BY_FAMILY : INVALID_BY_FAMILY);
		for (const [family, types] of FAMILIES) {
			const here = entries(family);
			if (!here) {
				missing.push(`create ${fileOf(family)} and add it to test/taskTypes/${folder}/index.ts`);
				continue;
			}
			for (const type of types)
				if (!here.some((entry) => entry.taskType === type.value && entry.complete))
					missing.push(`add ${type.value} to ${fileOf(family)} (${needs})`);
		}
		for (const family of families)
			for (const entry of entries(family) ?? []) {
				const home = FAMILY_OF.get(entry.taskType);
				if (home === undefined)
					missing.push(`remove ${entry.label} from ${fileOf(family)}: no such type`);
				else if (home !== family)
					missing.push(`move ${entry.label} from ${fileOf(family)} to ${fileOf(home)}`);
			}
		expectNothingMissing(missing);
	});

	test('what the docs say: test/taskTypes/documented.ts', () => {
		expectNothingMissing([
			...VALUES.filter((value) => !DOCUMENTED[value]).map(
				(value) =>
					`add ${value} to test/taskTypes/documented.ts (the task object it sends and its proxy rule, from the CapMonster docs)`,
			),
			...Object.keys(DOCUMENTED)
				.filter((value) => !VALUES.includes(value))
				.map((value) => `remove ${value} from test/taskTypes/documented.ts: no such type`),
		]);
	});

	test("the sandbox's own model: test/sandbox/taskTypes.ts", () => {
		const missing: string[] = [];
		const add = (task: IDataObject, value: string) =>
			`add ${[task.type, task.class].filter(Boolean).join(' / ')} (${value}) to test/sandbox/taskTypes.ts, written from the CapMonster docs, not from the node`;
		for (const type of TASK_TYPES) {
			if (exempt(type.value, 'sandbox')) continue;
			const cases = BODY_CASES.filter((testCase) => testCase.taskType === type.value);
			// Without a body case yet, the type's fixed part tells whether the sandbox knows the type.
			if (cases.length === 0 && typeof type.task.type === 'string') {
				const check = checkTask(type.task);
				if (!check.ok && check.error.errorCode === 'ERROR_TASK_NOT_SUPPORTED')
					missing.push(add(type.task, type.value));
			}
			for (const testCase of cases) {
				const check = checkTask(testCase.expected);
				if (check.ok) continue;
				missing.push(
					check.error.errorCode === 'ERROR_TASK_NOT_SUPPORTED'
						? add(testCase.expected, type.value)
						: `test/sandbox/taskTypes.ts refuses "${testCase.title}": ${check.error.errorDescription} (fix the case or the sandbox's model)`,
				);
			}
		}
		expectNothingMissing(missing);
	});

	test("the RuCaptcha-compatible protocol's table: nodes/CapMonster/transport/rucaptcha.ts", () => {
		const missing: string[] = [];
		for (const value of VALUES) {
			if (exempt(value, 'rucaptcha')) continue;
			const carried = BODY_CASES.some(
				(testCase) =>
					testCase.taskType === value && supportsTask(requiredPart(testCase.expected, value)),
			);
			if (RUCAPTCHA_CARRIES.includes(value) && !carried)
				missing.push(`add ${value} to nodes/CapMonster/transport/rucaptcha.ts`);
			if (!RUCAPTCHA_CARRIES.includes(value) && carried)
				missing.push(
					`add ${value} to RUCAPTCHA_CARRIES in test/taskTypes/coverage.test.ts (and to RUCAPTCHA_TYPES in nodes/CapMonster/transport/rucaptcha.ts and the README's Protocol section)`,
				);
		}
		for (const value of RUCAPTCHA_CARRIES)
			if (!VALUES.includes(value))
				missing.push(`remove ${value} from RUCAPTCHA_CARRIES in test/taskTypes/coverage.test.ts`);
		expectNothingMissing(missing);
	});

	test("README.md's task-type table: every catalogue type, nothing else", () => {
		const listed = readmeTaskTypes();
		const names = TASK_TYPES.map((type) => type.name);
		expectNothingMissing([
			...TASK_TYPES.filter((type) => !listed.includes(type.name)).map(
				(type) => `add ${type.name} (${type.value}) to the task-type table in README.md`,
			),
			...listed
				.filter((name) => !names.includes(name))
				.map((name) => `remove ${name} from the task-type table in README.md: no such type`),
		]);
	});

	test('the canvas subtitle: nodes/CapMonster/CapMonster.node.ts', () => {
		const subtitle = String(new CapMonster().description.subtitle);
		expectNothingMissing(
			VALUES.filter((value) => !subtitle.includes(JSON.stringify(value))).map(
				(value) =>
					`add ${value} to the subtitle in nodes/CapMonster/CapMonster.node.ts (test/node/description.test.ts prints the whole expression)`,
			),
		);
	});

	test('every exemption names a catalogue type and says why', () => {
		for (const [value, places] of Object.entries(EXEMPT)) {
			expect([value, VALUES.includes(value)]).toEqual([value, true]);
			for (const why of Object.values(places)) expect(why!.length).toBeGreaterThan(20);
		}
	});
});
