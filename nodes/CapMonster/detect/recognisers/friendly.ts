/**
 * Friendly Captcha v1 and v2, from its docs (docs.friendlycaptcha.com): the `frc-captcha` widget
 * with data-sitekey, loaded by widget.module.min.js / widget.min.js (v1, friendly-challenge) or
 * site.min.js (v2, @friendlycaptcha/sdk); CapMonster needs that script's address (apiGetLib).
 * CapMonster has no docs page for it; the fields follow its official JS client (FriendlyRequest).
 */
import { hasClass } from '../html';
import type { Found, Page, Recogniser, Script, Tag } from '../types';
import { compact, found, scriptEvidence, Sightings, tagEvidence, tagUrl, urlsIn } from './shared';

const KEY = /^[A-Za-z0-9_-]{6,64}$/;
const WIDGET_SCRIPT =
	/(friendly-challenge|friendlycaptcha)[^?#]*\/(widget(\.module)?(\.min)?\.js|site(\.compat)?(\.min)?\.js)$/i;

interface Sighting {
	at: number;
	evidence: string;
}

export const friendly: Recogniser = {
	family: 'Friendly Captcha',
	triggers: ['frc-captcha', 'friendly-challenge', 'friendlycaptcha'],
	taskTypes: ['friendlyCaptcha'],
	start(page: Page) {
		const keys = new Sightings<Sighting>();
		let widgetScript: string | undefined;
		return {
			tag(tag: Tag) {
				if (tag.name === 'script') {
					const url = tagUrl(page, tag);
					if (url && WIDGET_SCRIPT.test(url.hostname + url.pathname) && !widgetScript)
						widgetScript = url.href;
					return;
				}
				const key = tag.attrs['data-sitekey'] ?? '';
				if (hasClass(tag, 'frc-captcha') && KEY.test(key))
					keys.add(key, { at: tag.start, evidence: tagEvidence(page, tag) });
			},
			script(script: Script) {
				for (const { url } of [
					...urlsIn(script, page, 'friendly-challenge'),
					...urlsIn(script, page, 'friendlycaptcha'),
				])
					if (WIDGET_SCRIPT.test(url.hostname + url.pathname) && !widgetScript)
						widgetScript = url.href;
				const pattern = /sitekey["']?\s{0,20}:\s{0,20}["']([A-Za-z0-9_-]{6,64})["']/gi;
				let match: RegExpExecArray | null;
				let hits = 0;
				if (!/WidgetInstance|friendlyChallenge|frcaptcha|createWidget/.test(script.code)) return;
				while ((match = pattern.exec(script.code)) && hits++ < 16)
					keys.add(match[1], {
						at: script.start + match.index,
						evidence: scriptEvidence(script, match.index),
					});
			},
			finish(): Found[] {
				return keys.entries().map(([key, sightings]) =>
					found(
						'friendlyCaptcha',
						compact({ websiteKey: key, apiGetLib: widgetScript }),
						sightings[0],
						widgetScript
							? {}
							: {
									note: 'The widget script (widget.module.min.js or site.min.js) is not in the page: give its address as Widget Script URL',
								},
					),
				);
			},
		};
	},
};
