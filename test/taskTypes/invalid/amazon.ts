/** Invalid inputs for the task types of nodes/CapMonster/taskTypes/catalogue/amazon.ts. */
import { NOT_URL, bad, missing, type InvalidCases } from './shared';

export const AMAZON_INVALID: Record<string, InvalidCases> = {
	amazonWaf: {
		missing: missing('captchaScript', 'Captcha Script URL'),
		bad: [bad('script name only', 'captchaScript', 'jsapi.js', 'Captcha Script URL', NOT_URL)],
	},
	amazonWafChallenge: {
		missing: missing('context', 'Context'),
		bad: [
			bad('script name only', 'challengeScript', 'challenge.js', 'Challenge Script URL', NOT_URL),
		],
	},
	amazonWafInvisible: {
		missing: missing('challengeScript', 'Challenge Script URL'),
		bad: [bad('URL without scheme', 'websiteURL', 'example.com', 'Website URL', NOT_URL)],
	},
};
