/**
 * Amazon AWS WAF, from the AWS WAF developer guide (docs.aws.amazon.com/waf/latest/developerguide/,
 * "JavaScript API for CAPTCHA" and "challenge" integration) and the three field sets of
 * docs.capmonster.cloud/docs/captchas/amazon-task: the JS API (jsapi.js with
 * `AwsWafCaptcha.renderCaptcha(el, { apiKey })`), the challenge page (`window.gokuProps` key, iv and
 * context, with challenge.js and perhaps captcha.js), and the invisible challenge (challenge.js only).
 */
import { matchesOf, member, openParen, readArguments, readValue, stringProp } from '../js';
import type { Found, Page, Recogniser, Script, Tag } from '../types';
import { compact, found, hostIs, scriptEvidence, tagEvidence, tagUrl, urlsIn } from './shared';

interface Seen {
	at: number;
	evidence: string;
}

export const amazon: Recogniser = {
	family: 'Amazon AWS WAF',
	triggers: ['awswaf', 'gokuprops', 'aws-waf'],
	taskTypes: ['amazonWaf', 'amazonWafChallenge', 'amazonWafInvisible'],
	start(page: Page) {
		const scripts: Partial<Record<'challenge' | 'captcha' | 'jsapi', Seen & { url: string }>> = {};
		let goku: (Seen & { key: string; iv: string; context: string }) | undefined;
		let api: (Seen & { apiKey?: string }) | undefined;
		const script = (url: URL | undefined, seen: Seen) => {
			if (!url || !hostIs(url, 'awswaf.com')) return;
			const file = /\/(challenge|captcha|jsapi)\.js$/.exec(url.pathname)?.[1] as
				| keyof typeof scripts
				| undefined;
			if (file && !scripts[file]) scripts[file] = { ...seen, url: url.href };
		};
		return {
			tag(tag: Tag) {
				if (tag.name === 'script')
					script(tagUrl(page, tag), { at: tag.start, evidence: tagEvidence(page, tag) });
			},
			script(code: Script) {
				for (const { url, at } of urlsIn(code, page, 'awswaf.com'))
					script(url, { at: code.start + at, evidence: scriptEvidence(code, at) });
				const pattern = /gokuProps\s{0,5}=\s{0,5}\{/g;
				const match = pattern.exec(code.code);
				if (match && !goku) {
					const props = readValue(code.code, match.index + match[0].length - 1);
					const key = stringProp(props, 'key');
					const iv = stringProp(props, 'iv');
					const context = stringProp(props, 'context');
					if (key && iv && context)
						goku = {
							at: code.start + match.index,
							evidence: scriptEvidence(code, match.index),
							key,
							iv,
							context,
						};
				}
				for (const match of matchesOf(code.code, member('AwsWafCaptcha', 'renderCaptcha'))) {
					const at = match.index;
					const paren = openParen(code.code, at + match[0].length);
					if (paren === undefined || api?.apiKey) continue;
					const apiKey = stringProp(readArguments(code.code, paren)[1], 'apiKey');
					api = { at: code.start + at, evidence: scriptEvidence(code, at), apiKey };
				}
			},
			finish(): Found[] {
				if (scripts.jsapi || api) {
					const first = api ?? scripts.jsapi!;
					return [
						found(
							'amazonWaf',
							compact({
								websiteKey: api?.apiKey,
								captchaScript: scripts.jsapi?.url,
								cookieSolution: false,
							}),
							scripts.jsapi && scripts.jsapi.at < first.at ? scripts.jsapi : first,
						),
					];
				}
				if (goku) {
					return [
						found(
							'amazonWafChallenge',
							compact({
								challengeScript: scripts.challenge?.url,
								websiteKey: goku.key,
								context: goku.context,
								iv: goku.iv,
								captchaScript: scripts.captcha?.url,
								cookieSolution: false,
							}),
							scripts.challenge && scripts.challenge.at < goku.at ? scripts.challenge : goku,
						),
					];
				}
				if (scripts.challenge)
					return [
						found(
							'amazonWafInvisible',
							{ challengeScript: scripts.challenge.url, cookieSolution: true },
							scripts.challenge,
						),
					];
				return [];
			},
		};
	},
};
