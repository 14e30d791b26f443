/** Body cases for the task types of nodes/CapMonster/taskTypes/catalogue/cloudflare.ts. */
import { PROXY_FIELDS, PROXY_PARAMETERS, USER_AGENT } from '../harness';
import { type BodyCase, field } from './shared';

const TURNSTILE_KEY = '0x4AAAAAAADnPIDROrmt1Wwj';
export const JUST_A_MOMENT = Buffer.from(
	'<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>',
).toString('base64');
const WAITING_ROOM = Buffer.from(
	'<!DOCTYPE html><html><head><title>Waiting Room powered by Cloudflare</title></head><body>You are now in line.</body></html>',
).toString('base64');

export const CLOUDFLARE_CASES: BodyCase[] = [
	{
		title: 'Cloudflare Turnstile widget with action, cData and proxy',
		taskType: 'turnstile',
		parameters: {
			websiteURL: 'http://tsmanaged.zlsupport.com',
			websiteKey: '0x4AAAAAAABUYP0XeMJF0xoy',
			...PROXY_PARAMETERS,
			additionalFields: { pageAction: 'login', data: '874291f4retD1366' },
		},
		expected: {
			type: 'TurnstileTask',
			websiteURL: 'http://tsmanaged.zlsupport.com',
			websiteKey: '0x4AAAAAAABUYP0XeMJF0xoy',
			pageAction: 'login',
			data: '874291f4retD1366',
			...PROXY_FIELDS,
		},
		variant: 'turnstile',
		token: field('token'),
	},
	{
		title: 'Cloudflare challenge, token mode',
		taskType: 'turnstileChallengeToken',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: TURNSTILE_KEY,
			pageAction: 'managed',
			userAgent: USER_AGENT,
			data: '874291f4retD1366',
			pageData: 'HUHDWUHuhuwfiweh32..uh2uhuhyugYUG=',
			additionalFields: {
				apiJsUrl:
					'https://challenges.cloudflare.com/turnstile/v0/api.js?onload=onloadTurnstileCallback',
			},
		},
		expected: {
			type: 'TurnstileTask',
			websiteURL: 'https://example.com',
			websiteKey: TURNSTILE_KEY,
			cloudflareTaskType: 'token',
			userAgent: USER_AGENT,
			pageAction: 'managed',
			pageData: 'HUHDWUHuhuwfiweh32..uh2uhuhyugYUG=',
			data: '874291f4retD1366',
			apiJsUrl:
				'https://challenges.cloudflare.com/turnstile/v0/api.js?onload=onloadTurnstileCallback',
		},
		variant: 'token',
		token: field('token'),
	},
	{
		title: 'Cloudflare challenge, cf_clearance cookie mode (proxy required)',
		taskType: 'turnstileChallengeCookie',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: 'xxxxxxxxxx',
			// Pasted base64 may be wrapped over several lines.
			htmlPageBase64: JUST_A_MOMENT.replace(/(.{40})/g, '$1\n'),
			userAgent: USER_AGENT,
			...PROXY_PARAMETERS,
		},
		expected: {
			type: 'TurnstileTask',
			websiteURL: 'https://example.com',
			websiteKey: 'xxxxxxxxxx',
			cloudflareTaskType: 'cf_clearance',
			htmlPageBase64: JUST_A_MOMENT,
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		variant: 'cf_clearance',
		token: field('cf_clearance'),
	},
	{
		title: 'Cloudflare Waiting Room (proxy required)',
		taskType: 'turnstileWaitingRoom',
		parameters: {
			websiteURL: 'https://example.com',
			websiteKey: 'xxxxxxxxxx',
			htmlPageBase64: WAITING_ROOM,
			userAgent: USER_AGENT,
			...PROXY_PARAMETERS,
		},
		expected: {
			type: 'TurnstileTask',
			websiteURL: 'https://example.com',
			websiteKey: 'xxxxxxxxxx',
			cloudflareTaskType: 'wait_room',
			htmlPageBase64: WAITING_ROOM,
			userAgent: USER_AGENT,
			...PROXY_FIELDS,
		},
		variant: 'wait_room',
		token: field('cf_clearance'),
	},
];
