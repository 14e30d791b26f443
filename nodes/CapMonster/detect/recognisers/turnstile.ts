/**
 * Cloudflare Turnstile, from Cloudflare's client-side rendering guide
 * (developers.cloudflare.com/turnstile/get-started/client-side-rendering/): the implicit
 * `cf-turnstile` widget with data-sitekey, data-action and data-cdata, explicit
 * `turnstile.render(el, { sitekey, action, cData })`, and the key in the path of a rendered
 * challenges.cloudflare.com iframe. Task fields: docs.capmonster.cloud/docs/captchas/turnstile-task.
 */
import { hasClass } from '../html';
import { memberCalls, stringProp } from '../js';
import type { Found, Page, Recogniser, Script, Tag } from '../types';
import {
	compact,
	firstOf,
	found,
	hostIs,
	scriptEvidence,
	Sightings,
	tagEvidence,
	tagUrl,
	urlsIn,
} from './shared';

/** Site keys start with 0x4…; Cloudflare's documented test keys with 1x, 2x or 3x. */
export const TURNSTILE_KEY = /^[0-3]x[0-9A-Za-z_-]{16,64}$/;

interface Sighting {
	at: number;
	evidence: string;
	action?: string;
	cdata?: string;
	loose?: boolean;
}

export const turnstile: Recogniser = {
	family: 'Cloudflare Turnstile',
	triggers: ['turnstile', 'challenges.cloudflare.com', 'sitekey'],
	taskTypes: ['turnstile'],
	start(page: Page) {
		const keys = new Sightings<Sighting>();
		let vendorScript = false;
		return {
			tag(tag: Tag) {
				const url = tagUrl(page, tag, 'src', 'data-src');
				if (tag.name === 'script') {
					if (hostIs(url, 'challenges.cloudflare.com') && url!.pathname.includes('/turnstile/'))
						vendorScript = true;
					return;
				}
				if (tag.name === 'iframe' && hostIs(url, 'challenges.cloudflare.com')) {
					const key = url!.pathname.split('/').find((segment) => TURNSTILE_KEY.test(segment));
					if (key && url!.pathname.includes('/turnstile/'))
						keys.add(key, { at: tag.start, evidence: tagEvidence(page, tag) });
					return;
				}
				const key = tag.attrs['data-sitekey'];
				if (!key || !TURNSTILE_KEY.test(key)) return;
				keys.add(key, {
					at: tag.start,
					evidence: tagEvidence(page, tag),
					action: tag.attrs['data-action'],
					cdata: tag.attrs['data-cdata'],
					loose: !hasClass(tag, 'cf-turnstile'),
				});
			},
			script(script: Script) {
				if (urlsIn(script, page, 'challenges.cloudflare.com/turnstile').length) vendorScript = true;
				for (const { at, args } of memberCalls(script.code, 'turnstile', 'render')) {
					vendorScript = true;
					const params = args[1];
					const key = stringProp(params, 'sitekey');
					if (!key || !TURNSTILE_KEY.test(key)) continue;
					keys.add(key, {
						at: script.start + at,
						evidence: scriptEvidence(script, at),
						action: stringProp(params, 'action'),
						cdata: stringProp(params, 'cData', 'cdata'),
					});
				}
			},
			finish(): Found[] {
				return keys
					.entries()
					.filter(([, sightings]) => vendorScript || sightings.some((s) => !s.loose))
					.map(([key, sightings]) =>
						found(
							'turnstile',
							compact({
								websiteKey: key,
								pageAction: firstOf(sightings, (s) => s.action),
								data: firstOf(sightings, (s) => s.cdata),
							}),
							sightings[0],
						),
					);
			},
		};
	},
};
