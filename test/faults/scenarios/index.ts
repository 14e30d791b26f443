/**
 * Fault-injection scenarios (issue "Reliability and security"): the node inside n8n-core's real
 * WorkflowExecute, against the local sandbox with faults injected, each scenario measured with the
 * same figures and judged against the same expectations whether it runs from the CLI
 * (`npm run test:faults`, test/faults/run.ts) or from jest (test/engine/faults.test.ts, `short`).
 *
 * Why the faults of scenario 1 are placed where they are (the node's retry policy, solver/solve.ts):
 * - createTask costs money. A createTask that got no answer, a reset connection or a 5xx may still
 *   have created — and charged — a task, so the node does NOT send it again: the item fails with a
 *   note saying the task may exist. Retrying there would trade a visible error for a silent double
 *   charge (and a `duplicateCreates` here). Only answers that prove nothing was created are retried,
 *   with a pool-wide back-off: HTTP 429 / ERROR_TOO_MUCH_REQUESTS, ERROR_NO_SLOT_AVAILABLE and a
 *   refused connection. So createTask gets only those faults (phase 'before': rejected unprocessed).
 * - getTaskResult only reads, so repeating it is safe: 5xx, resets (before and after the sandbox
 *   processed the poll), 429 and slow answers go there. Every repeat still has to keep the 2 s gap
 *   and the 120-poll cap, which `pollViolations` checks.
 * A 5xx/reset on createTask is therefore not a "transient" fault for this node but an
 * unknown-outcome one; its behaviour (fail the item, never a duplicate) is covered in the jest
 * file, not in the all-must-solve scenario.
 *
 * The API key is a distinctive string (FAULT_KEY) so `keyLeaks` can count it in everything a user
 * could see of a run (output, errors, run data).
 *
 * One file per scenario beside this one; what they share is shared.ts.
 */
import { transientFaults } from './transientFaults';
import { zeroBalance } from './zeroBalance';
import { serverStops } from './serverStops';
import { cancelled } from './cancelled';
import { wrongKey } from './wrongKey';
import { errorMapping } from './errorMapping';
import { retryOnFail } from './retryOnFail';
import { errorOutput } from './errorOutput';
import type { Scenario } from './shared';

export { FAULT_KEY, createTaskParameters, numberedItems, countOccurrences } from './shared';
export type { Figures, RunFigures, ScenarioResult, ScenarioOptions, Scenario } from './shared';
export { TRANSIENT_FAULTS } from './transientFaults';
export { UNKNOWN_CODE, UNKNOWN_DESCRIPTION, mappingCases } from './errorMapping';
export type { MappingCase } from './errorMapping';
export { retryCases } from './retryOnFail';
export { itemUrl } from './shared';
export {
	transientFaults,
	zeroBalance,
	serverStops,
	cancelled,
	wrongKey,
	errorMapping,
	retryOnFail,
	errorOutput,
};

export const SCENARIOS: Scenario[] = [
	transientFaults,
	zeroBalance,
	serverStops,
	cancelled,
	wrongKey,
	errorMapping,
	retryOnFail,
	errorOutput,
];
