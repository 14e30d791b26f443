/**
 * MTCaptcha, from its developer guide (www.mtcaptcha.com/dev-guide): `var mtcaptchaConfig = {
 * sitekey: "MTPublic-…", action }` with mtcaptcha.min.js, and the `sitekey=` of a rendered
 * service.mtcaptcha.com iframe. Task fields: docs.capmonster.cloud/docs/captchas/mtcaptcha-task.
 */
import { readValue, stringProp } from '../js';
import type { Found, Page, Recogniser, Script, Tag } from '../types';
import { compact, found, hostIs, scriptEvidence, Sightings, tagEvidence, tagUrl } from './shared';

const KEY = /^MTPublic-[A-Za-z0-9]{4,64}$/;

interface Sighting {
	at: number;
	evidence: string;
	action?: string;
}

export const mtcaptcha: Recogniser = {
	family: 'MTCaptcha',
	triggers: ['mtcaptcha', 'mtpublic-'],
	taskTypes: ['mtCaptcha'],
	start(page: Page) {
		const keys = new Sightings<Sighting>();
		return {
			tag(tag: Tag) {
				const url = tagUrl(page, tag, 'src', 'data-src');
				if (tag.name === 'iframe' && hostIs(url, 'mtcaptcha.com')) {
					const key = url!.searchParams.get('sitekey') ?? '';
					if (KEY.test(key))
						keys.add(key, {
							at: tag.start,
							evidence: tagEvidence(page, tag),
							action: url!.searchParams.get('action') ?? undefined,
						});
					return;
				}
				const key = tag.attrs['data-sitekey'] ?? '';
				if (KEY.test(key))
					keys.add(key, {
						at: tag.start,
						evidence: tagEvidence(page, tag),
						action: tag.attrs['data-action'],
					});
			},
			script(script: Script) {
				const pattern = /mtcaptchaConfig\s{0,5}=\s{0,5}\{/g;
				const match = pattern.exec(script.code);
				if (!match) return;
				const config = readValue(script.code, match.index + match[0].length - 1);
				const key = stringProp(config, 'sitekey');
				if (key && KEY.test(key))
					keys.add(key, {
						at: script.start + match.index,
						evidence: scriptEvidence(script, match.index),
						action: stringProp(config, 'action'),
					});
			},
			finish(): Found[] {
				return keys.entries().map(([key, sightings]) => {
					const action = sightings.find((s) => s.action)?.action;
					return found(
						'mtCaptcha',
						compact({
							websiteKey: key,
							pageAction: action && action !== '%24' ? action : undefined,
						}),
						sightings[0],
					);
				});
			},
		};
	},
};
