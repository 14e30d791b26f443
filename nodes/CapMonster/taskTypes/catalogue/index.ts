/**
 * Every task type the node offers, each declared once, grouped by family. To add a type: add a
 * declaration to its family's file (fields, proxy rule, answer, timing, report kind), its exact
 * request body to test/taskTypes/cases.ts and its invalid inputs to test/taskTypes/invalid.ts (the
 * tests fail until both exist). Field names, nesting and value types follow the vendor docs
 * (docs.capmonster.cloud); where the docs disagree with themselves or the clients, a comment says
 * which reading was taken.
 */
import type { TaskTypeSpec } from '../types';
import { AMAZON_TYPES } from './amazon';
import { CLOUDFLARE_TYPES } from './cloudflare';
import { CUSTOM_TASK_TYPES } from './customTask';
import { GEETEST_TYPES } from './geetest';
import { IMAGE_TYPES } from './image';
import { RAW_TYPES } from './raw';
import { RECAPTCHA_TYPES } from './recaptcha';
import { WIDGET_TYPES } from './widgets';

export const TASK_TYPES: TaskTypeSpec[] = [
	...RECAPTCHA_TYPES,
	...IMAGE_TYPES,
	...CLOUDFLARE_TYPES,
	...GEETEST_TYPES,
	...WIDGET_TYPES,
	...AMAZON_TYPES,
	...CUSTOM_TASK_TYPES,
	...RAW_TYPES,
];
