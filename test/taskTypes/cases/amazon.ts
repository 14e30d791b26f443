/** Body cases for the task types of nodes/CapMonster/taskTypes/catalogue/amazon.ts. */
import type { IDataObject } from 'n8n-workflow';

import { PROXY_FIELDS, PROXY_PARAMETERS, USER_AGENT } from '../harness';
import { type BodyCase } from './shared';

export const AMAZON_CASES: BodyCase[] = [
	{
		title: 'Amazon AWS WAF, jsapi.js field set (voucher answer)',
		taskType: 'amazonWaf',
		parameters: {
			websiteURL: 'https://example.com/index.html',
			websiteKey: 'h15hX7brbaRTR...Za1_1',
			captchaScript: 'https://234324vgvc23.yejk.captcha-sdk.awswaf.com/234324vgvc23/jsapi.js',
			additionalFields: { userAgent: USER_AGENT },
		},
		expected: {
			type: 'AmazonTask',
			websiteURL: 'https://example.com/index.html',
			websiteKey: 'h15hX7brbaRTR...Za1_1',
			captchaScript: 'https://234324vgvc23.yejk.captcha-sdk.awswaf.com/234324vgvc23/jsapi.js',
			cookieSolution: false,
			userAgent: USER_AGENT,
		},
		variant: 'jsapi',
		token: (solution) => ({
			captcha_voucher: solution.captcha_voucher,
			existing_token: solution.existing_token,
		}),
	},
	{
		title: 'Amazon AWS WAF, challenge page field set with cookie solution',
		taskType: 'amazonWafChallenge',
		parameters: {
			websiteURL: 'https://example.com',
			challengeScript:
				'https://41bcdd4fb3cb.610cd090.us-east-1.token.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/challenge.js',
			websiteKey: 'AQIDA...wZwdADFLWk7XOA==',
			context: 'qoJYgnKsc...aormh/dYYK+Y=',
			iv: 'CgAAXFFFFSAAABVk',
			cookieSolution: true,
			...PROXY_PARAMETERS,
			additionalFields: {
				captchaScript:
					'https://41bcdd4fb3cb.610cd090.us-east-1.captcha.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/captcha.js',
			},
		},
		expected: {
			type: 'AmazonTask',
			websiteURL: 'https://example.com',
			challengeScript:
				'https://41bcdd4fb3cb.610cd090.us-east-1.token.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/challenge.js',
			captchaScript:
				'https://41bcdd4fb3cb.610cd090.us-east-1.captcha.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/captcha.js',
			websiteKey: 'AQIDA...wZwdADFLWk7XOA==',
			context: 'qoJYgnKsc...aormh/dYYK+Y=',
			iv: 'CgAAXFFFFSAAABVk',
			cookieSolution: true,
			...PROXY_FIELDS,
		},
		variant: 'challenge-page',
		token: (solution) => (solution.cookies as IDataObject)['aws-waf-token'],
	},
	{
		title: 'Amazon AWS WAF, invisible challenge field set (empty placeholders)',
		taskType: 'amazonWafInvisible',
		parameters: {
			websiteURL: 'https://example.com',
			challengeScript:
				'https://41bcdd4fb3cb.610cd090.us-east-1.token.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/challenge.js',
		},
		expected: {
			type: 'AmazonTask',
			websiteURL: 'https://example.com',
			challengeScript:
				'https://41bcdd4fb3cb.610cd090.us-east-1.token.awswaf.com/41bcdd4fb3cb/0d21de737ccb/cd77baa6c832/challenge.js',
			captchaScript: '',
			websiteKey: '',
			context: '',
			iv: '',
			cookieSolution: true,
		},
		variant: 'challenge-only',
		token: (solution) => (solution.cookies as IDataObject)['aws-waf-token'],
	},
];
