/** Fault scenario: error mapping. */
import { ERROR_TABLE } from '../../../nodes/CapMonster/transport/errors';
import { runNode } from '../../helpers/engine';
import {
	Figures,
	Scenario,
	Expect,
	show,
	withSandbox,
	credentials,
	createTaskParameters,
	numberedItems,
	isErrorItem,
	figuresOf,
	commonChecks,
} from './shared';

export const UNKNOWN_CODE = 'ERROR_SANDBOX_NEVER_SEEN_BEFORE';
export const UNKNOWN_DESCRIPTION = 'A brand-new failure no table knows about';

export interface MappingCase {
	code: string;
	method: 'createTask' | 'getTaskResult';
	/** The errorCode the error item must carry. */
	expectCode: string;
	/** The hint it must carry (undefined: not checked against the table). */
	expectHint?: string;
}

/**
 * Every ERROR_TABLE code on both methods, plus an unknown code. On createTask every code ends the
 * item with that code (ERROR_NO_SLOT_AVAILABLE / ERROR_TOO_MUCH_REQUESTS after the back-off runs
 * into the Timeout). On getTaskResult the codes the table marks transient (notReady, retryLater,
 * slowDown) keep the node polling, so the item ends as TIMEOUT — correct, and checked as such.
 */
export function mappingCases(): MappingCase[] {
	const cases: MappingCase[] = [];
	for (const [code, info] of Object.entries(ERROR_TABLE)) {
		cases.push({ code, method: 'createTask', expectCode: code, expectHint: info.hint });
		const transient =
			info.behaviour === 'notReady' ||
			info.behaviour === 'retryLater' ||
			info.behaviour === 'slowDown';
		cases.push(
			transient
				? { code, method: 'getTaskResult', expectCode: 'TIMEOUT' }
				: { code, method: 'getTaskResult', expectCode: code, expectHint: info.hint },
		);
	}
	for (const method of ['createTask', 'getTaskResult'] as const)
		cases.push({ code: UNKNOWN_CODE, method, expectCode: UNKNOWN_CODE });
	return cases;
}

interface CaseOutcome {
	mismatch?: string;
	figures: Figures;
}

const MAPPING_TIMEOUT_S = 3;

async function runMappingCase(spec: MappingCase): Promise<CaseOutcome> {
	return await withSandbox({ solveMs: 50 }, async (sandbox) => {
		sandbox.addFault({
			method: spec.method,
			kind: 'errorCode',
			errorCode: spec.code,
			errorDescription: spec.code === UNKNOWN_CODE ? UNKNOWN_DESCRIPTION : undefined,
		});
		const run = await runNode({
			parameters: createTaskParameters({ timeout: MAPPING_TIMEOUT_S }),
			credentials: credentials(sandbox),
			items: numberedItems(1),
			continueOnFail: true,
		});
		const figures = figuresOf(`${spec.code}@${spec.method}`, 1, run, sandbox);
		const json = run.items[0]?.json ?? {};
		const problems: string[] = [];
		if (run.items.length !== 1 || !isErrorItem(run.items[0]))
			problems.push(`no error item (${JSON.stringify(json)})`);
		if (json.errorCode !== spec.expectCode) problems.push(`errorCode ${show(json.errorCode)}`);
		if (spec.expectHint !== undefined && json.hint !== spec.expectHint)
			problems.push(`hint ${show(json.hint)}`);
		if (typeof json.hint !== 'string' || json.hint === '') problems.push('no hint');
		if (spec.expectCode === 'TIMEOUT') {
			if (!String(json.error).includes(`time limit of ${MAPPING_TIMEOUT_S} s`))
				problems.push(`error ${show(json.error)}`);
		} else if (!String(json.error).includes(`[${spec.code}]`))
			problems.push(`error does not show the code: ${show(json.error)}`);
		if (spec.code === UNKNOWN_CODE && !String(json.error).includes(UNKNOWN_DESCRIPTION))
			problems.push(`error does not show the description: ${show(json.error)}`);
		if (spec.method === 'getTaskResult' && typeof json.taskId !== 'number')
			problems.push('no taskId');
		if (figures.keyLeaks) problems.push(`key visible ${figures.keyLeaks}×`);
		return {
			figures,
			mismatch: problems.length
				? `${spec.code} on ${spec.method} (expected ${spec.expectCode}): ${problems.join('; ')}`
				: undefined,
		};
	});
}

async function mapLimit<T, R>(
	values: T[],
	limit: number,
	fn: (value: T) => Promise<R>,
): Promise<R[]> {
	const results: R[] = new Array(values.length);
	let next = 0;
	const lane = async () => {
		while (next < values.length) {
			const index = next++;
			results[index] = await fn(values[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, values.length) }, lane));
	return results;
}

export const errorMapping: Scenario = {
	name: 'error-mapping',
	title:
		'Every code of ERROR_TABLE (and an unknown one) injected: the error item carries the code and the table hint',
	async run() {
		const cases = mappingCases();
		const outcomes = await mapLimit(cases, 12, runMappingCase);
		const sum = (key: keyof Figures) =>
			outcomes.reduce((total, outcome) => total + Number(outcome.figures[key]), 0);
		const mismatches = outcomes
			.map((outcome) => outcome.mismatch)
			.filter((m): m is string => m !== undefined);
		const figures: Figures = {
			scenario: 'error-mapping',
			items: cases.length,
			outputs: sum('outputs'),
			solved: sum('solved'),
			errorItems: sum('errorItems'),
			createTaskCalls: sum('createTaskCalls'),
			duplicateCreates: sum('duplicateCreates'),
			pollViolations: sum('pollViolations'),
			keyLeaks: sum('keyLeaks'),
			maxWallMs: Math.max(...outcomes.map((outcome) => outcome.figures.maxWallMs)),
			codes: Object.keys(ERROR_TABLE).length + 1,
			mismatches,
		};
		const expect = new Expect();
		expect.equal('outputs', figures.outputs, cases.length);
		expect.equal('errorItems', figures.errorItems, cases.length);
		for (const mismatch of mismatches) expect.that(mismatch, false);
		commonChecks(expect, figures);
		return { figures, deviations: expect.deviations };
	},
};
