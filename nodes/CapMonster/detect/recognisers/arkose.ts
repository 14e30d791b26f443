/**
 * FunCaptcha (Arkose Labs), from Arkose's client-side setup guide (developer.arkoselabs.com): the
 * public key in the api.js path (`https://client-api.arkoselabs.com/v2/<public key>/api.js`, also
 * on a company's own `<name>-api.arkoselabs.com` subdomain), the legacy `data-pkey` widget, a
 * `public_key` in the enforcement set-up, and `pk=` in a rendered game iframe.
 * Task fields: docs.capmonster.cloud/docs/captchas/funcaptcha-task.
 */
import { hasClass } from '../html';
import type { Found, Page, Recogniser, Script, Tag } from '../types';
import {
	compact,
	found,
	hostIs,
	scriptEvidence,
	Sightings,
	tagEvidence,
	tagUrl,
	UUID,
} from './shared';

const DEFAULT_HOST = 'client-api.arkoselabs.com';
const API_PATH = /^\/v2\/([0-9A-Fa-f-]{36})\/api\.js$/;

interface Sighting {
	at: number;
	evidence: string;
	host?: string;
	loose?: boolean;
}

const ARKOSE_HOSTS = ['arkoselabs.com', 'funcaptcha.com'];

export const arkose: Recogniser = {
	family: 'FunCaptcha (Arkose Labs)',
	triggers: ['arkoselabs', 'funcaptcha', 'data-pkey', 'arkose', 'public_key', 'publickey'],
	taskTypes: ['funCaptcha'],
	start(page: Page) {
		const keys = new Sightings<Sighting>();
		let vendorScript = false;
		const fromUrl = (url: URL | undefined, tag: Tag, trusted: boolean) => {
			if (!url) return;
			const path = API_PATH.exec(url.pathname);
			if (path && UUID.test(path[1]) && (trusted || hostIs(url, ...ARKOSE_HOSTS))) {
				vendorScript = true;
				keys.add(path[1], { at: tag.start, evidence: tagEvidence(page, tag), host: url.hostname });
				return;
			}
			if (!hostIs(url, ...ARKOSE_HOSTS)) return;
			vendorScript = true;
			// A rendered game iframe: …/fc/gc/?token=…|pk=<key>|…&surl=…
			const pk = /(?:^|[|&?])pk=([0-9A-Fa-f-]{36})/.exec(decodeURIComponent(url.search + url.hash));
			if (pk && UUID.test(pk[1]))
				keys.add(pk[1], { at: tag.start, evidence: tagEvidence(page, tag) });
		};
		return {
			tag(tag: Tag) {
				if (tag.name === 'script' || tag.name === 'iframe') {
					// Arkose's embed carries data-callback; then a custom domain in front of Arkose is trusted too.
					fromUrl(
						tagUrl(page, tag, 'src', 'data-src'),
						tag,
						tag.name === 'script' && 'data-callback' in tag.attrs,
					);
					return;
				}
				const key = tag.attrs['data-pkey'];
				if (key && UUID.test(key))
					keys.add(key, {
						at: tag.start,
						evidence: tagEvidence(page, tag),
						loose: !(tag.attrs.id === 'FunCaptcha' || hasClass(tag, 'funcaptcha')),
					});
			},
			script(script: Script) {
				const lower = script.code.toLowerCase();
				if (!lower.includes('arkose') && !lower.includes('funcaptcha')) return;
				vendorScript = true;
				const pattern = /public_?key["']?\s{0,20}:\s{0,20}["']([0-9A-Fa-f-]{36})["']/gi;
				let match: RegExpExecArray | null;
				let hits = 0;
				while ((match = pattern.exec(script.code)) && hits++ < 64) {
					if (UUID.test(match[1]))
						keys.add(match[1], {
							at: script.start + match.index,
							evidence: scriptEvidence(script, match.index),
						});
				}
			},
			finish(): Found[] {
				return keys
					.entries()
					.filter(([, sightings]) => vendorScript || sightings.some((s) => !s.loose))
					.map(([key, sightings]) => {
						const host = sightings.find((s) => s.host)?.host;
						return found(
							'funCaptcha',
							compact({
								websitePublicKey: key,
								funcaptchaApiJSSubdomain: host && host !== DEFAULT_HOST ? host : undefined,
							}),
							sightings[0],
						);
					});
			},
		};
	},
};
