/** Body cases for the task types of nodes/CapMonster/taskTypes/catalogue/image.ts. */
import { renderCaptchaPng } from '../../sandbox';
import { fakeImage } from '../harness';
import { type BodyCase, field } from './shared';

export const IMAGE_CASES: BodyCase[] = [
	{
		title: 'Image to Text with module, threshold, case, digits and math',
		taskType: 'imageToText',
		parameters: {
			imageSource: 'base64',
			imageBase64: renderCaptchaPng('4821').toString('base64'),
			additionalFields: {
				capMonsterModule: 'universal',
				recognizingThreshold: 70,
				case: true,
				numeric: true,
				math: false,
			},
		},
		expected: {
			type: 'ImageToTextTask',
			body: renderCaptchaPng('4821').toString('base64'),
			capMonsterModule: 'universal',
			recognizingThreshold: 70,
			case: true,
			numeric: 1,
			math: false,
		},
		token: () => '4821',
	},
	{
		title: 'Image recognition oocl_rotate_new from two binary properties',
		taskType: 'imageRecognition',
		parameters: {
			imageSource: 'binary',
			binaryPropertyName: 'background, circle',
			recognitionTask: 'oocl_rotate_new',
		},
		items: [
			{
				json: {},
				binary: {
					background: { data: fakeImage(900, 1), mimeType: 'image/png', fileName: 'bg.png' },
					circle: { data: fakeImage(400, 2), mimeType: 'image/png', fileName: 'circle.png' },
				},
			},
		],
		expected: {
			type: 'ComplexImageTask',
			class: 'recognition',
			imagesBase64: [fakeImage(900, 1), fakeImage(400, 2)],
			metadata: { Task: 'oocl_rotate_new' },
		},
		token: field('answer'),
	},
	{
		title: 'Image recognition bls_3x3: nine images, one per line, with the task argument',
		taskType: 'imageRecognition',
		parameters: {
			imageSource: 'base64',
			imageBase64: Array.from({ length: 9 }, (_, i) => fakeImage(300, i + 10)).join('\n'),
			recognitionTask: 'bls_3x3',
			taskArgument: '546',
		},
		expected: {
			type: 'ComplexImageTask',
			class: 'recognition',
			imagesBase64: Array.from({ length: 9 }, (_, i) => fakeImage(300, i + 10)),
			metadata: { Task: 'bls_3x3', TaskArgument: '546' },
		},
		token: field('answer'),
	},
	{
		title: 'Image recognition bills_audio with payload type Audio',
		taskType: 'imageRecognition',
		parameters: {
			imageSource: 'base64',
			imageBase64: fakeImage(4000, 3),
			recognitionTask: 'bills_audio',
			payloadType: 'Audio',
		},
		expected: {
			type: 'ComplexImageTask',
			class: 'recognition',
			imagesBase64: [fakeImage(4000, 3)],
			metadata: { Task: 'bills_audio', PayloadType: 'Audio' },
		},
		token: field('answer'),
	},
];
