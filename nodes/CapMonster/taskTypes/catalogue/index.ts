/**
 * Every task type the node offers, each declared once, grouped by family (one file per family; a new
 * family file goes into TASK_TYPES below). A declaration holds the fields, proxy rule, answer,
 * timing and report kind; the n8n fields (properties.ts) and the request body (build.ts) are derived
 * from it. A new type also needs, outside this folder: its cases in test/taskTypes/cases/<family>.ts
 * and test/taskTypes/invalid/<family>.ts, what the docs say it sends in test/taskTypes/documented.ts,
 * the sandbox's own model of it in test/sandbox/taskTypes.ts, a row in the README's task-type table
 * and the regenerated subtitle in CapMonster.node.ts (plus transport/rucaptcha.ts if the
 * RuCaptcha-compatible protocol is to carry it). test/taskTypes/coverage.test.ts fails with
 * "add <type> to <file>" for each of these that is missing; docs/adding-a-task-type.md is the
 * checklist. Field names, nesting and value types follow the vendor docs
 * (https://docs.capmonster.cloud); where the docs disagree with themselves or the clients, a comment
 * says which reading was taken.
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
