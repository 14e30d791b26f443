/**
 * Image tasks: text in an image (ImageToTextTask) and the recognition family (ComplexImageTask
 * "recognition"). Docs: docs.capmonster.cloud/docs/captchas/image-to-text, ComplexImageTask-Recognition.
 */
import { field } from '../answers';
import { optionsOf } from '../fields';
import type { TaskTypeSpec } from '../types';

/** Recognition tasks (metadata.Task) with the number of images each takes, as the docs list them. */
const RECOGNITION_TASKS: Record<
	string,
	{ images: number; description: string; argument?: string; audio?: boolean }
> = {
	oocl_rotate_new: {
		images: 2,
		description: '2 images: background, then circle. Answer: degrees to turn the circle clockwise.',
	},
	oocl_rotate_double_new: {
		images: 3,
		description:
			'3 images: background, ring, circle. Answer: degrees (ring counter-clockwise, circle clockwise).',
	},
	betpunch_3x3_rotate: {
		images: 9,
		description:
			'9 tiles in order. Answer: 9 numbers, 1–3 counter-clockwise turns, 4 = leave as is.',
	},
	bls_3x3: {
		images: 9,
		argument: 'the number to find (e.g. 546)',
		description: '9 tiles in order, and the number to find as Task Argument. Answer: 9 true/false.',
	},
	shein: { images: 1, description: '1 image. Answer: points {X, Y} to click, in order.' },
	baidu: { images: 1, description: '1 image. Answer: degrees to rotate clockwise.' },
	bills_audio: {
		images: 1,
		audio: true,
		description: '1 WAV audio file (Payload Type: Audio). Answer: the digits heard.',
	},
	dli: { images: 1, description: '1 image (dli_ensemble). Answer: the result as text.' },
	// Not on the docs page; documented by the official Python client's example (github.com/ZennoLab/capmonstercloud-client-python).
	portugal_text_find_icon: {
		images: 1,
		argument: 'the instruction text',
		description:
			'5 icons merged side by side into 1 image, and the instruction text as Task Argument. Answer: position of the icon (from 1).',
	},
};

const MAX_RECOGNITION_IMAGES = Math.max(...Object.values(RECOGNITION_TASKS).map((t) => t.images));

export const IMAGE_TYPES: TaskTypeSpec[] = [
	{
		value: 'imageToText',
		name: 'Image to Text',
		description: 'Read the characters in a captcha image',
		task: { type: 'ImageToTextTask' },
		image: { base64Path: 'body', min: 1, max: 1 },
		fields: [
			{
				name: 'capMonsterModule',
				displayName: 'Recognition Module',
				description:
					'A CapMonster module trained for a specific site’s captchas; leave empty for automatic choice',
				path: 'capMonsterModule',
				kind: 'options',
				default: 'universal',
				options: optionsOf([
					'amazon',
					'apple',
					'botdetect',
					'captcha_math',
					'facebook',
					'gmx',
					'google',
					'hotmail',
					'mailru',
					'okeng',
					'okrus',
					'partiallyblur',
					'ramblerrus',
					'ramblerrusnew',
					'sat',
					'solvemedia',
					'steam',
					'universal',
					'vk',
					'whatsapp',
					'wikimedia_paddle_ensemble',
					'yandex',
					'yandexwave',
				]),
			},
			{
				name: 'recognizingThreshold',
				displayName: 'Recognizing Threshold',
				description:
					'Minimum confidence (0–100). Below it the task fails as unsolvable and is not charged.',
				path: 'recognizingThreshold',
				kind: 'integer',
				min: 0,
				max: 100,
				default: 0,
			},
			{
				name: 'case',
				displayName: 'Case Sensitive',
				description: 'Whether upper and lower case letters matter in the answer',
				path: 'case',
				kind: 'boolean',
				default: false,
			},
			{
				name: 'numeric',
				displayName: 'Digits Only',
				description: 'Whether the answer contains only digits',
				path: 'numeric',
				kind: 'bit',
				default: false,
			},
			{
				name: 'math',
				displayName: 'Math',
				description:
					'Whether the image shows a sum to calculate (answer is the result). Do not combine with the captcha_math module.',
				path: 'math',
				kind: 'boolean',
				default: false,
			},
		],
		proxy: 'none',
		answer: field('text'),
		timing: 'image',
		report: 'image',
	},
	{
		value: 'imageRecognition',
		name: 'Image Recognition',
		description:
			'Rotation, tile and click puzzles CapMonster recognises by name (oocl, betpunch, bls, shein, baidu, bills_audio, dli, …)',
		task: { type: 'ComplexImageTask', class: 'recognition' },
		image: { base64Path: 'imagesBase64', min: 1, max: MAX_RECOGNITION_IMAGES },
		fields: [
			{
				name: 'recognitionTask',
				displayName: 'Recognition Task',
				description:
					'Which puzzle the images show; each takes a fixed number of images, in the order listed',
				path: 'metadata.Task',
				kind: 'options',
				required: true,
				default: 'oocl_rotate_new',
				options: optionsOf(
					Object.entries(RECOGNITION_TASKS).map(([value, task]) => ({
						name: value,
						value,
						description: task.description,
					})),
				),
			},
			{
				name: 'taskArgument',
				displayName: 'Task Argument',
				description:
					'Extra input some puzzles need: for bls_3x3 the number to find (e.g. 546), for portugal_text_find_icon the instruction text',
				path: 'metadata.TaskArgument',
				kind: 'string',
				primary: true,
			},
			{
				name: 'payloadType',
				displayName: 'Payload Type',
				description: 'Audio for the bills_audio task (a WAV file); images otherwise',
				path: 'metadata.PayloadType',
				kind: 'options',
				primary: true,
				default: '',
				options: optionsOf([
					{ name: 'Audio', value: 'Audio' },
					{ name: 'Image', value: '' },
				]),
			},
		],
		proxy: 'none',
		check: (task) => {
			const metadata = (task.metadata ?? {}) as Record<string, unknown>;
			const name = String(metadata.Task);
			const known = RECOGNITION_TASKS[name];
			if (!known) return undefined;
			const count = Array.isArray(task.imagesBase64) ? task.imagesBase64.length : 0;
			if (count !== known.images)
				return {
					field: 'Images',
					problem: `give ${count} image${count === 1 ? '' : 's'}; the ${name} task takes ${known.images}`,
				};
			if (known.argument && metadata.TaskArgument === undefined)
				return { field: 'Task Argument', problem: `is required for ${name}: ${known.argument}` };
			if (known.audio && metadata.PayloadType !== 'Audio')
				return { field: 'Payload Type', problem: `must be Audio for ${name}` };
			if (!known.audio && metadata.PayloadType === 'Audio')
				return { field: 'Payload Type', problem: `Audio is only for bills_audio, not ${name}` };
			return undefined;
		},
		answer: field('answer'),
		timing: 'image',
		report: 'image',
	},
];
