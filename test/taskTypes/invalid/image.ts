/** Invalid inputs for the task types of nodes/CapMonster/taskTypes/catalogue/image.ts. */
import { bad, missing, type InvalidCases } from './shared';

export const IMAGE_INVALID: Record<string, InvalidCases> = {
	imageToText: {
		missing: missing('imageBase64', 'Image (Base64)'),
		bad: [
			bad(
				'text that is not base64',
				'imageBase64',
				'not an image!',
				'Image (Base64)',
				/is not base64/,
			),
			bad(
				'threshold above 100',
				'additionalFields.recognizingThreshold',
				101,
				'Recognizing Threshold',
				/between 0 and 100/,
			),
			bad(
				'image over 50 KB',
				'imageBase64',
				Buffer.alloc(60 * 1024, 7).toString('base64'),
				'Image (Base64)',
				/is too big/,
			),
		],
	},
	imageRecognition: {
		base: 'Image recognition bls_3x3: nine images, one per line, with the task argument',
		missing: missing('taskArgument', 'Task Argument', /is required for bls_3x3/),
		bad: [
			bad(
				'one image for bls_3x3',
				'imageBase64',
				Buffer.alloc(300, 1).toString('base64'),
				'Images',
				/give 1 image; the bls_3x3 task takes 9/,
			),
			bad(
				'unknown recognition task',
				'recognitionTask',
				'bls_4x4',
				'Recognition Task',
				/must be one of/,
			),
			bad(
				'payload type Audio for bls_3x3',
				'payloadType',
				'Audio',
				'Payload Type',
				/only for bills_audio/,
			),
		],
	},
};
