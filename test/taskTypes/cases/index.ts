/**
 * Realistic input for every Task Type (values from the vendor docs' examples) and the exact `task`
 * object the docs would send for it, one file per family of nodes/CapMonster/taskTypes/catalogue/
 * (same file names). Shared by the body, validation and Continue On Fail tests.
 */
import { AMAZON_CASES } from './amazon';
import { CLOUDFLARE_CASES } from './cloudflare';
import { CUSTOM_TASK_CASES } from './customTask';
import { GEETEST_CASES } from './geetest';
import { IMAGE_CASES } from './image';
import { RAW_CASES } from './raw';
import { RECAPTCHA_CASES } from './recaptcha';
import type { BodyCase } from './shared';
import { WIDGET_CASES } from './widgets';

export { cookieString, data, field, type BodyCase } from './shared';
export { JUST_A_MOMENT } from './cloudflare';

/** The body cases by catalogue family: the keys are the file names in catalogue/ and here. */
export const BODY_CASES_BY_FAMILY: Readonly<Record<string, BodyCase[]>> = {
	recaptcha: RECAPTCHA_CASES,
	image: IMAGE_CASES,
	cloudflare: CLOUDFLARE_CASES,
	geetest: GEETEST_CASES,
	widgets: WIDGET_CASES,
	amazon: AMAZON_CASES,
	customTask: CUSTOM_TASK_CASES,
	raw: RAW_CASES,
};

export const BODY_CASES: BodyCase[] = Object.values(BODY_CASES_BY_FAMILY).flat();

/** The first body case of a Task Type: valid input to start validation cases from. */
export function validCase(taskType: string): BodyCase {
	const found = BODY_CASES.find((testCase) => testCase.taskType === taskType);
	if (!found) throw new Error(`No body case for ${taskType}`);
	return found;
}
