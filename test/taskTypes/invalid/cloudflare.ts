/** Invalid inputs for the task types of nodes/CapMonster/taskTypes/catalogue/cloudflare.ts. */
import { JUST_A_MOMENT } from '../cases/cloudflare';
import { NOT_URL, bad, missing, type InvalidCases } from './shared';

export const CLOUDFLARE_INVALID: Record<string, InvalidCases> = {
	turnstile: {
		missing: missing('websiteKey', 'Website Key'),
		bad: [bad('ftp URL', 'websiteURL', 'ftp://tsmanaged.zlsupport.com', 'Website URL', NOT_URL)],
	},
	turnstileChallengeToken: {
		missing: missing('pageData', 'Page Data'),
		bad: [
			bad(
				'relative API JS URL',
				'additionalFields.apiJsUrl',
				'/turnstile/v0/api.js',
				'API JS URL',
				NOT_URL,
			),
		],
	},
	turnstileChallengeCookie: {
		missing: missing('htmlPageBase64', 'HTML Page (Base64)'),
		bad: [
			bad(
				'raw HTML instead of base64',
				'htmlPageBase64',
				'<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>',
				'HTML Page (Base64)',
				/must be base64 text, not HTML/,
			),
			bad('proxy without login', 'proxyLogin', '', 'Proxy Login', /is required for this task type/),
			bad('no proxy', 'proxyInput', 'none', 'Proxy', /is required for this task type/),
		],
	},
	turnstileWaitingRoom: {
		missing: missing('userAgent', 'User Agent'),
		bad: [
			bad(
				'a "Just a moment" page',
				'htmlPageBase64',
				JUST_A_MOMENT,
				'HTML Page (Base64)',
				/is not a Cloudflare Waiting Room page/,
			),
		],
	},
};
