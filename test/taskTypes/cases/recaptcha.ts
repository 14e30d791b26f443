/** Body cases for the task types of nodes/CapMonster/taskTypes/catalogue/recaptcha.ts. */
import { binaryItem, fakeImage, PROXY_FIELDS, PROXY_PARAMETERS, USER_AGENT } from '../harness';
import { type BodyCase, field } from './shared';

const SITE = 'https://lessons.zennolab.com/captchas/recaptcha/v2_simple.php?level=high';
const RECAPTCHA_KEY = '6Lcg7CMUAAAAANphynKgn9YAgA4tQ2KI_iqRyTwd';
const GRID_IMAGE = fakeImage(1800, 7);

export const RECAPTCHA_CASES: BodyCase[] = [
	{
		title: 'reCAPTCHA v2 through a proxy',
		taskType: 'recaptchaV2',
		parameters: { websiteURL: SITE, websiteKey: RECAPTCHA_KEY, ...PROXY_PARAMETERS },
		expected: {
			type: 'RecaptchaV2Task',
			websiteURL: SITE,
			websiteKey: RECAPTCHA_KEY,
			...PROXY_FIELDS,
		},
		token: field('gRecaptchaResponse'),
	},
	{
		title: 'reCAPTCHA v2 with every optional field and nocache',
		taskType: 'recaptchaV2',
		parameters: {
			websiteURL: SITE,
			websiteKey: RECAPTCHA_KEY,
			additionalFields: {
				isInvisible: true,
				recaptchaDataSValue: 'Wv1xTqS3K6f0m6dZbY0fKg',
				userAgent: USER_AGENT,
				cookies: 'session=abc; lang=en',
				noCache: true,
			},
		},
		expected: {
			type: 'RecaptchaV2Task',
			websiteURL: SITE,
			websiteKey: RECAPTCHA_KEY,
			isInvisible: true,
			recaptchaDataSValue: 'Wv1xTqS3K6f0m6dZbY0fKg',
			userAgent: USER_AGENT,
			cookies: 'session=abc; lang=en',
			nocache: true,
		},
		token: field('gRecaptchaResponse'),
	},
	{
		title: 'reCAPTCHA v2 Enterprise with payload object, API domain and proxy',
		taskType: 'recaptchaV2Enterprise',
		parameters: {
			websiteURL: 'https://mydomain.com/page-with-recaptcha-enterprise',
			websiteKey: RECAPTCHA_KEY,
			...PROXY_PARAMETERS,
			additionalFields: {
				enterprisePayload: '{"s": "SOME_ADDITIONAL_TOKEN"}',
				apiDomain: 'www.recaptcha.net',
				pageAction: 'login_test',
				userAgent: USER_AGENT,
				cookies: 'a=1; b=2',
			},
		},
		expected: {
			type: 'RecaptchaV2EnterpriseTask',
			websiteURL: 'https://mydomain.com/page-with-recaptcha-enterprise',
			websiteKey: RECAPTCHA_KEY,
			enterprisePayload: { s: 'SOME_ADDITIONAL_TOKEN' },
			apiDomain: 'www.recaptcha.net',
			pageAction: 'login_test',
			userAgent: USER_AGENT,
			cookies: 'a=1; b=2',
			...PROXY_FIELDS,
		},
		token: field('gRecaptchaResponse'),
	},
	{
		title: 'reCAPTCHA v3 with min score, action and enterprise flag',
		taskType: 'recaptchaV3',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: '6Le0xVgUAAAAAIt20XEB4rVhYOODgTl00d4TuRTE',
			additionalFields: { minScore: 0.7, pageAction: 'login', isEnterprise: true },
		},
		expected: {
			type: 'RecaptchaV3TaskProxyless',
			websiteURL: 'https://example.com',
			websiteKey: '6Le0xVgUAAAAAIt20XEB4rVhYOODgTl00d4TuRTE',
			minScore: 0.7,
			pageAction: 'login',
			isEnterprise: true,
		},
		token: field('gRecaptchaResponse'),
	},
	{
		title: 'reCAPTCHA v3 Enterprise',
		taskType: 'recaptchaV3Enterprise',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: '6Le0xVgUAAAAAIt20XEB4rVhYOODgTl00d4TuRTE',
			additionalFields: { minScore: 0.7, pageAction: 'checkout' },
		},
		expected: {
			type: 'RecaptchaV3EnterpriseTask',
			websiteURL: 'https://example.com',
			websiteKey: '6Le0xVgUAAAAAIt20XEB4rVhYOODgTl00d4TuRTE',
			minScore: 0.7,
			pageAction: 'checkout',
		},
		token: field('gRecaptchaResponse'),
	},
	{
		title: 'reCAPTCHA image grid from an image URL, with task and task definition',
		taskType: 'recaptchaClick',
		parameters: {
			imageSource: 'url',
			imageUrls: 'https://i.postimg.cc/yYjg75Kv/payloadtraffic.jpg',
			grid: '3x3',
			taskInstruction: 'Click on traffic lights',
			taskDefinition: '/m/015qff',
			additionalFields: {
				userAgent: USER_AGENT,
				websiteURL: 'https://lessons.zennolab.com/captchas/recaptcha/v2_simple.php?level=middle',
			},
		},
		expected: {
			type: 'ComplexImageTask',
			class: 'recaptcha',
			imageUrls: ['https://i.postimg.cc/yYjg75Kv/payloadtraffic.jpg'],
			metadata: { Task: 'Click on traffic lights', Grid: '3x3', TaskDefinition: '/m/015qff' },
			userAgent: USER_AGENT,
			websiteURL: 'https://lessons.zennolab.com/captchas/recaptcha/v2_simple.php?level=middle',
		},
		token: field('answer'),
	},
	{
		title: 'reCAPTCHA image grid 4x4 from a binary property, task definition only',
		taskType: 'recaptchaClick',
		parameters: { imageSource: 'binary', grid: '4x4', taskDefinition: '/m/0k4j' },
		items: [binaryItem(GRID_IMAGE)],
		expected: {
			type: 'ComplexImageTask',
			class: 'recaptcha',
			imagesBase64: [GRID_IMAGE],
			metadata: { Grid: '4x4', TaskDefinition: '/m/0k4j' },
		},
		token: field('answer'),
	},
];
