/**
 * Amazon AWS WAF: one AmazonTask type whose docs page documents three field sets, offered as three
 * Task Types. Docs: docs.capmonster.cloud/docs/captchas/amazon-task.
 */
import { amazonAnswer } from '../answers';
import { scriptUrl, userAgent, websiteKey, websiteUrl } from '../fields';
import type { FieldSpec, TaskTypeSpec } from '../types';

const AMAZON_URL = 'Address of the page where the captcha or challenge is shown';

const cookieSolution = (on: boolean): FieldSpec => ({
	name: 'cookieSolution',
	displayName: 'Cookie Solution',
	description:
		'Whether to get the aws-waf-token cookie (the answer is then its value); off returns captcha_voucher and existing_token instead',
	path: 'cookieSolution',
	kind: 'boolean',
	primary: true,
	default: on,
});

const challengeScript = scriptUrl(
	'challengeScript',
	'Challenge Script URL',
	'Address of challenge.js: find "challenge.js" in the page source or the Network tab (…token.awswaf.com/…/challenge.js)',
);

const gokuProps = (name: 'context' | 'iv', displayName: string): FieldSpec => ({
	name,
	displayName,
	description: `The ${name} value of window.gokuProps on the challenge page (type window.gokuProps.${name} in the browser console)`,
	path: name,
	kind: 'string',
	required: true,
});

const shared = {
	proxy: 'optional',
	answer: amazonAnswer,
	timing: 'token',
	report: 'token',
} as const;

export const AMAZON_TYPES: TaskTypeSpec[] = [
	{
		value: 'amazonWaf',
		name: 'Amazon AWS WAF (Captcha Script)',
		description: 'AWS WAF captcha embedded with jsapi.js (the docs’ option 1)',
		task: { type: 'AmazonTask' },
		fields: [
			websiteUrl(AMAZON_URL),
			websiteKey(
				'The apiKey the page passes when it renders the captcha (AwsWafCaptcha.renderCaptcha(…, {apiKey: …}))',
			),
			scriptUrl(
				'captchaScript',
				'Captcha Script URL',
				'Address of jsapi.js in the page source, like https://….captcha-sdk.awswaf.com/…/jsapi.js',
			),
			cookieSolution(false),
			userAgent(),
		],
		...shared,
	},
	{
		value: 'amazonWafChallenge',
		name: 'Amazon AWS WAF (Challenge Page)',
		description:
			'AWS WAF challenge page (HTTP 405 with window.gokuProps), with or without a captcha (the docs’ option 2)',
		task: { type: 'AmazonTask' },
		fields: [
			websiteUrl(AMAZON_URL),
			challengeScript,
			websiteKey(
				'The key value of window.gokuProps on the challenge page (type window.gokuProps.key in the browser console)',
			),
			gokuProps('context', 'Context'),
			gokuProps('iv', 'IV'),
			scriptUrl(
				'captchaScript',
				'Captcha Script URL',
				'Address of captcha.js (…captcha.awswaf.com/…/captcha.js), if the page loads one; pages with only a challenge have none',
				{ required: false },
			),
			cookieSolution(false),
		],
		...shared,
	},
	{
		value: 'amazonWafInvisible',
		name: 'Amazon AWS WAF (Invisible Challenge)',
		description:
			'AWS WAF invisible challenge with only challenge.js on the page (the docs’ option 3); returns the aws-waf-token cookie',
		// The docs require captchaScript, websiteKey, context and iv for this option but accept any
		// string; their example sends empty strings, and so does the node.
		task: { type: 'AmazonTask', captchaScript: '', websiteKey: '', context: '', iv: '' },
		fields: [websiteUrl(AMAZON_URL), challengeScript, cookieSolution(true)],
		...shared,
	},
];
