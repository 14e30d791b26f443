/**
 * For every Task Type: a missing required value and at least one bad value, each applied to the
 * type's valid input (cases/). The node must refuse them before any request, naming the field.
 * One file per family of nodes/CapMonster/taskTypes/catalogue/ (same file names).
 */
import { AMAZON_INVALID } from './amazon';
import { CLOUDFLARE_INVALID } from './cloudflare';
import { CUSTOM_TASK_INVALID } from './customTask';
import { GEETEST_INVALID } from './geetest';
import { IMAGE_INVALID } from './image';
import { RAW_INVALID } from './raw';
import { RECAPTCHA_INVALID } from './recaptcha';
import { WIDGET_INVALID } from './widgets';
import type { InvalidCases } from './shared';

export { applyMutation, valueAt, withValue, type InvalidCases, type Mutation } from './shared';

/** The invalid cases by catalogue family: the keys are the file names in catalogue/ and here. */
export const INVALID_BY_FAMILY: Readonly<Record<string, Record<string, InvalidCases>>> = {
	recaptcha: RECAPTCHA_INVALID,
	image: IMAGE_INVALID,
	cloudflare: CLOUDFLARE_INVALID,
	geetest: GEETEST_INVALID,
	widgets: WIDGET_INVALID,
	amazon: AMAZON_INVALID,
	customTask: CUSTOM_TASK_INVALID,
	raw: RAW_INVALID,
};

export const INVALID: Record<string, InvalidCases> = Object.assign(
	{},
	...Object.values(INVALID_BY_FAMILY),
);
