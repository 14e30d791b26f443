/**
 * hCaptcha, from its developer guide (docs.hcaptcha.com): the `h-captcha` widget, `hcaptcha.render()`
 * and the rendered hcaptcha.com iframe. CapMonster Cloud does not solve hCaptcha, so it is reported
 * with supported: false and the reason, and never sent.
 */
import { hasClass } from '../html';
import { memberCalls, stringProp } from '../js';
import type { Found, Page, Recogniser, Script, Tag } from '../types';
import {
	found,
	hostIs,
	scriptEvidence,
	Sightings,
	tagEvidence,
	tagUrl,
	urlsIn,
	UUID,
} from './shared';

export const HCAPTCHA_REASON =
	'CapMonster Cloud does not solve hCaptcha: it answers ERROR_TASK_NOT_SUPPORTED, so nothing is sent for it';

interface Sighting {
	at: number;
	evidence: string;
	loose?: boolean;
}

export const hcaptcha: Recogniser = {
	family: 'hCaptcha',
	triggers: ['hcaptcha', 'h-captcha', 'sitekey'],
	taskTypes: [],
	start(page: Page) {
		const keys = new Sightings<Sighting>();
		let vendorScript = false;
		return {
			tag(tag: Tag) {
				const url = tagUrl(page, tag, 'src', 'data-src');
				if (tag.name === 'script') {
					if (hostIs(url, 'hcaptcha.com')) vendorScript = true;
					return;
				}
				if (tag.name === 'iframe' && hostIs(url, 'hcaptcha.com')) {
					const params = new URLSearchParams(url!.hash.replace(/^#/, ''));
					const key = params.get('sitekey') ?? url!.searchParams.get('sitekey') ?? '';
					if (UUID.test(key)) keys.add(key, { at: tag.start, evidence: tagEvidence(page, tag) });
					return;
				}
				const key = tag.attrs['data-sitekey'];
				if (!key || !UUID.test(key)) return;
				keys.add(key, {
					at: tag.start,
					evidence: tagEvidence(page, tag),
					loose: !hasClass(tag, 'h-captcha'),
				});
			},
			script(script: Script) {
				if (urlsIn(script, page, 'hcaptcha.com').length) vendorScript = true;
				for (const { at, args } of memberCalls(script.code, 'hcaptcha', 'render')) {
					vendorScript = true;
					const key = stringProp(args[1], 'sitekey');
					if (key && UUID.test(key))
						keys.add(key, { at: script.start + at, evidence: scriptEvidence(script, at) });
				}
			},
			finish(): Found[] {
				return keys
					.entries()
					.filter(([, sightings]) => vendorScript || sightings.some((s) => !s.loose))
					.map(([key, sightings]) =>
						found(null, { websiteKey: key }, sightings[0], {
							name: 'hCaptcha',
							reason: HCAPTCHA_REASON,
						}),
					);
			},
		};
	},
};
