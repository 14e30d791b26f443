/** Invalid inputs for the task types of nodes/CapMonster/taskTypes/catalogue/recaptcha.ts. */
import { EMPTY, NOT_URL, bad, missing, type InvalidCases } from './shared';

export const RECAPTCHA_INVALID: Record<string, InvalidCases> = {
	recaptchaV2: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [
			bad('URL without scheme', 'websiteURL', 'example.com/login', 'Website URL', NOT_URL),
			bad(
				'URL with one slash after the scheme',
				'websiteURL',
				'https:/example.com/login',
				'Website URL',
				/must start with http:\/\/ or https:\/\/ and then the host name/,
			),
			bad(
				'site key of zero-width spaces',
				'websiteKey',
				'\u200B\u200B',
				'Website Key',
				/contains only invisible characters/,
			),
		],
	},
	recaptchaV2Enterprise: {
		missing: missing('websiteURL', 'Website URL'),
		bad: [
			bad(
				'payload that is not JSON',
				'additionalFields.enterprisePayload',
				'{"s": ',
				'Enterprise Payload',
				/is not valid JSON/,
			),
			bad(
				'payload that is a string, not an object',
				'additionalFields.enterprisePayload',
				'"SOME_ADDITIONAL_TOKEN"',
				'Enterprise Payload',
				/must be a JSON object/,
			),
			bad(
				'unknown API domain',
				'additionalFields.apiDomain',
				'recaptcha.google.cn',
				'API Domain',
				/must be one of www\.google\.com, www\.recaptcha\.net/,
			),
		],
	},
	recaptchaV3: {
		missing: missing('websiteURL', 'Website URL'),
		bad: [
			bad(
				'min score above 0.9',
				'additionalFields.minScore',
				1.5,
				'Min Score',
				/between 0.1 and 0.9/,
			),
		],
	},
	recaptchaV3Enterprise: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [
			bad(
				'min score below 0.1',
				'additionalFields.minScore',
				0.05,
				'Min Score',
				/between 0.1 and 0.9/,
			),
		],
	},
	recaptchaClick: {
		missing: {
			what: 'neither task instruction nor task definition',
			path: 'taskInstruction',
			value: EMPTY,
			also: { taskDefinition: EMPTY },
			field: 'Task Instruction',
			message: /or Task Definition is required/,
		},
		bad: [
			bad('grid 5x5', 'grid', '5x5', 'Grid', /must be one of 1x1, 3x3, 4x4/),
			bad(
				'image URL without scheme',
				'imageUrls',
				'i.postimg.cc/payload.jpg',
				'Image URL',
				NOT_URL,
			),
			bad(
				'two image URLs',
				'imageUrls',
				'https://i.postimg.cc/a.jpg\nhttps://i.postimg.cc/b.jpg',
				'Image URLs',
				/gives 2 images; this task takes 1/,
			),
		],
	},
};
