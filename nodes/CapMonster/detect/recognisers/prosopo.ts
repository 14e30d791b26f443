/**
 * Prosopo Procaptcha, from its integration guide (docs.prosopo.io): the `procaptcha` widget with
 * data-sitekey and procaptcha.bundle.js, or `render(el, { siteKey })` from that bundle.
 * Task fields: docs.capmonster.cloud/docs/captchas/prosopo-task.
 */
import { hasClass } from '../html';
import type { Found, Page, Recogniser, Script, Tag } from '../types';
import { found, hostIs, scriptEvidence, Sightings, tagEvidence, tagUrl, urlsIn } from './shared';

/** A Substrate (SS58) address: 48 base58 characters starting with 5. */
const KEY = /^5[1-9A-HJ-NP-Za-km-z]{47}$/;

interface Sighting {
	at: number;
	evidence: string;
	loose?: boolean;
}

export const prosopo: Recogniser = {
	family: 'Prosopo',
	triggers: ['procaptcha', 'prosopo', 'sitekey'],
	taskTypes: ['prosopo'],
	start(page: Page) {
		const keys = new Sightings<Sighting>();
		let vendorScript = false;
		return {
			tag(tag: Tag) {
				if (tag.name === 'script') {
					if (hostIs(tagUrl(page, tag), 'prosopo.io')) vendorScript = true;
					return;
				}
				const key = tag.attrs['data-sitekey'] ?? '';
				if (KEY.test(key))
					keys.add(key, {
						at: tag.start,
						evidence: tagEvidence(page, tag),
						loose: !hasClass(tag, 'procaptcha'),
					});
			},
			script(script: Script) {
				if (urlsIn(script, page, 'prosopo.io').length) vendorScript = true;
				const pattern = /siteKey["']?\s{0,20}:\s{0,20}["'](5[1-9A-HJ-NP-Za-km-z]{47})["']/g;
				let match: RegExpExecArray | null;
				let hits = 0;
				while ((match = pattern.exec(script.code)) && hits++ < 16)
					keys.add(match[1], {
						at: script.start + match.index,
						evidence: scriptEvidence(script, match.index),
						loose: true,
					});
			},
			finish(): Found[] {
				return keys
					.entries()
					.filter(([, sightings]) => vendorScript || sightings.some((s) => !s.loose))
					.map(([key, sightings]) => found('prosopo', { websiteKey: key }, sightings[0]));
			},
		};
	},
};
