/**
 * Create Task → Task Type "Auto-Detect From Page": detect the captcha in the page, then build
 * exactly the task the user would get by choosing its type by hand (buildTask with the detected
 * values: same checks, same body), which create.operation.ts solves as any other.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { detectCaptchas, detectionJson, RECOGNISERS, type Detection } from '../../detect';
import { inputError, isBlank, shorten } from '../../helpers/validation';
import {
	buildTask,
	findTaskType,
	TASK_TYPES,
	type FieldValues,
	type TaskTypeSpec,
} from '../../taskTypes';
import type { BuiltTask } from '../../taskTypes/build';
import { proxyProperties } from '../../taskTypes/properties';
import { toolDescriptionProperty } from '../operations';
import { pageProperties, readPage } from './page';

export const AUTO_DETECT = {
	value: 'autoDetect',
	name: 'Auto-Detect From Page',
	description:
		'Find the captcha in the page (HTML from HTTP Request) and solve it, with no site key to look up',
	/** The canvas subtitle reads "Solve Auto-Detected Captcha". */
	subtitle: 'Auto-Detected Captcha',
};

const shownFor = { taskType: [AUTO_DETECT.value] };

/** The task types a page can be detected as, for the Preferred Task Type list. */
const DETECTABLE = TASK_TYPES.filter((type) =>
	RECOGNISERS.some((recogniser) => recogniser.taskTypes.includes(type.value)),
);

const properties: INodeProperties[] = [
	toolDescriptionProperty(
		{ resource: ['task'], operation: ['create'], ...shownFor },
		'Find the captcha in a web page’s HTML and solve it with CapMonster Cloud, usually 10 to 60 seconds. Pass: Page URL (the page’s address) and Page HTML (its HTML text). Returns token: the answer, to submit the way the page submits its captcha; detected says which captcha was found and solved (taskType, websiteKey) and what else the page has. Also returns taskId, userAgent when the answer is bound to that browser (send the answer with it), and cost in USD. On failure (no captcha CapMonster can solve in the page, or a value that is not in it) it returns error, errorCode and hint instead.',
	),
	...pageProperties(shownFor),
	{
		displayName: 'When Several Are Found',
		name: 'detectChoice',
		type: 'options',
		default: 'first',
		options: [
			{
				name: 'Fail',
				value: 'fail',
				description: 'Stop with an error that lists them when the page has more than one',
			},
			{
				name: 'Prefer a Task Type',
				value: 'preferred',
				description: 'Solve the first captcha of the chosen type, or else the first on the page',
			},
			{
				name: 'Take the First on the Page',
				value: 'first',
				description: 'Solve the first captcha CapMonster can solve, in page order',
			},
		],
		description: 'Which captcha to solve when the page has more than one',
		displayOptions: { show: shownFor },
	},
	{
		displayName: 'Preferred Task Type',
		name: 'preferredTaskType',
		type: 'options',
		default: 'recaptchaV2',
		options: [...DETECTABLE]
			.sort((a, b) => a.name.localeCompare(b.name))
			.map((type) => ({ name: type.name, value: type.value })),
		displayOptions: { show: { ...shownFor, detectChoice: ['preferred'] } },
	},
	{
		displayName: 'User Agent',
		name: 'detectUserAgent',
		type: 'string',
		default: '',
		description:
			'Browser user agent to solve with, sent only if the detected type takes one. Leave empty to let CapMonster choose; if you set one, load the page and send the answer with it (Get User Agent gives a current one).',
		displayOptions: { show: shownFor },
	},
	...proxyProperties({ value: AUTO_DETECT.value, proxy: 'optional' }).map((property) =>
		property.name === 'proxyInput'
			? {
					...property,
					description:
						'Your own proxy, used only if the detected type takes one (DataDome requires it; reCAPTCHA v3 never takes one)',
				}
			: property,
	),
];

/** Create Task's properties with Auto-Detect From Page added to the Task Type list (sorted, as n8n wants) and its fields after it. */
export function withAutoDetect(taskTypeProperties: INodeProperties[]): INodeProperties[] {
	const [taskType, ...rest] = taskTypeProperties;
	const options = [
		{ name: AUTO_DETECT.name, value: AUTO_DETECT.value, description: AUTO_DETECT.description },
		...((taskType.options ?? []) as Array<{ name: string; value: string; description?: string }>),
	].sort((a, b) => a.name.localeCompare(b.name));
	return [{ ...taskType, options }, ...properties, ...rest];
}

export interface DetectedTask {
	type: TaskTypeSpec;
	built: BuiltTask;
	/** What was found and which one is solved, for the output's `detected`. */
	detected: IDataObject;
}

export async function buildDetectedTask(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<DetectedTask> {
	const page = await readPage(ctx, itemIndex, { urlRequired: true });
	const detections = detectCaptchas(page.html, page.url);
	const chosen = choose(ctx, itemIndex, detections);
	const type = findTaskType(chosen.taskType!)!;
	if (chosen.missing.length) {
		throw inputError(
			ctx,
			itemIndex,
			'Page HTML',
			`has a ${chosen.name} captcha, but its ${chosen.missing.join(', ')} ${chosen.missing.length > 1 ? 'are' : 'is'} not in the page`,
			`${chosen.note ? `${chosen.note}. ` : ''}Use Create Task with Task Type ${chosen.name} and give the missing values yourself (Detect Captcha shows what was found). Nothing was sent to CapMonster.`,
		);
	}
	if (
		type.proxy === 'required' &&
		ctx.getNodeParameter('proxyInput', itemIndex, 'none') === 'none'
	) {
		throw inputError(
			ctx,
			itemIndex,
			'Proxy',
			`is required: the page has a ${chosen.name} captcha, which CapMonster solves only through your own proxy`,
		);
	}
	const userAgent = ctx.getNodeParameter('detectUserAgent', itemIndex, '') as string;
	const values: FieldValues = {
		get: (spec) =>
			spec.name === 'userAgent' && !isBlank(userAgent) ? userAgent : chosen.values[spec.name],
		noCache: false,
	};
	const built = await buildTask(ctx, itemIndex, type, values);
	return {
		type,
		built,
		detected: { chosen: detectionJson(chosen), found: detections.map(summary) },
	};
}

function summary(detection: Detection): IDataObject {
	return {
		taskType: detection.taskType,
		name: detection.name,
		websiteKey: detection.websiteKey,
		supported: detection.supported,
	};
}

function describe(detection: Detection): string {
	return detection.websiteKey
		? `${detection.name} with key ${shorten(detection.websiteKey, 16)}`
		: detection.name;
}

function choose(ctx: IExecuteFunctions, itemIndex: number, detections: Detection[]): Detection {
	if (!detections.length) {
		throw inputError(
			ctx,
			itemIndex,
			'Page HTML',
			'contains no captcha the node recognises',
			'The page may add its captcha later with JavaScript, or show it only to suspicious visitors. Check the page with Detect Captcha, or choose the Task Type yourself. Nothing was sent to CapMonster.',
		);
	}
	const supported = detections.filter((detection) => detection.supported);
	if (!supported.length) {
		throw inputError(
			ctx,
			itemIndex,
			'Page HTML',
			`contains only captchas CapMonster does not solve: ${detections.map(describe).join(', ')}`,
			`${detections.map((detection) => `${detection.name}: ${detection.reason}`).join('. ')}. Nothing was sent to CapMonster.`,
		);
	}
	const choice = ctx.getNodeParameter('detectChoice', itemIndex, 'first') as string;
	if (choice === 'fail' && supported.length > 1) {
		throw inputError(
			ctx,
			itemIndex,
			'Page HTML',
			`contains ${supported.length} captchas: ${supported.map(describe).join(', ')}`,
			'Choose one with When Several Are Found (the first on the page, or a preferred task type). Nothing was sent to CapMonster.',
		);
	}
	if (choice === 'preferred') {
		const preferred = ctx.getNodeParameter('preferredTaskType', itemIndex, '') as string;
		return supported.find((detection) => detection.taskType === preferred) ?? supported[0];
	}
	return supported[0];
}
