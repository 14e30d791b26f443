/**
 * DataDome, as CapMonster's DataDome page describes the inputs (docs.capmonster.cloud/docs/captchas/datadome):
 * the captcha URL `https://geo.captcha-delivery.com/captcha/?initialCid=…` (or `/interstitial/`) and
 * the datadome cookie, whose value is the URL's `cid`. A blocked page carries them in its
 * `var dd = { rt, cid, hsh, t, s, e, b, host, cookie }` object, from which the captcha iframe's URL
 * is built the way DataDome's own script builds it; a page that already shows the iframe gives it directly.
 */
import { readValue, stringProp } from '../js';
import type { Found, Page, Recogniser, Script, Tag } from '../types';
import { compact, found, hostIs, scriptEvidence, tagEvidence, tagUrl } from './shared';

export const BANNED_NOTE =
	'DataDome answered t=bv: this IP address is blocked, so the captcha cannot be solved from it; load the page again through another proxy';
export const COOKIE_NOTE =
	'The datadome cookie is not in the page: take it from the Set-Cookie header of the blocked response (datadome=…) and give it with the captcha URL';

interface Sighting {
	at: number;
	evidence: string;
	captchaUrl?: string;
	cookie?: string;
	banned?: boolean;
}

function fromDd(
	dd: ReturnType<typeof readValue>,
	pageUrl: string | undefined,
): Omit<Sighting, 'at' | 'evidence'> | undefined {
	const cid = stringProp(dd, 'cid');
	const hash = stringProp(dd, 'hsh');
	if (!cid || !hash) return undefined;
	const cookie = stringProp(dd, 'cookie');
	const t = stringProp(dd, 't');
	const interstitial = stringProp(dd, 'rt') === 'i';
	let host = stringProp(dd, 'host') ?? 'geo.captcha-delivery.com';
	if (!/^[a-z0-9.-]*captcha-delivery\.com$/i.test(host)) host = 'geo.captcha-delivery.com';
	if (!cookie) return { banned: t === 'bv' };
	const params = new URLSearchParams();
	params.set('initialCid', cid);
	params.set('hash', hash);
	params.set('cid', cookie);
	if (!interstitial && t) params.set('t', t);
	if (pageUrl) params.set('referer', pageUrl);
	for (const name of ['s', 'e', 'b']) {
		const value = stringProp(dd, name);
		if (value) params.set(name, value);
	}
	params.set('dm', 'cd');
	return {
		captchaUrl: `https://${host}/${interstitial ? 'interstitial' : 'captcha'}/?${params.toString()}`,
		cookie,
		banned: t === 'bv',
	};
}

export const datadome: Recogniser = {
	family: 'DataDome',
	triggers: ['captcha-delivery', 'datadome'],
	taskTypes: ['dataDome'],
	start(page: Page) {
		const sightings: Sighting[] = [];
		let newScript = false;
		return {
			tag(tag: Tag) {
				const url = tagUrl(page, tag, 'src', 'data-src');
				if (!hostIs(url, 'captcha-delivery.com')) return;
				if (tag.name === 'script') {
					if (/\/c\.js$/.test(url!.pathname)) newScript = true;
					return;
				}
				if (tag.name !== 'iframe' || !/^\/(captcha|interstitial)\/?$/.test(url!.pathname)) return;
				const cookie = url!.searchParams.get('cid') ?? undefined;
				if (!url!.searchParams.get('initialCid')) return;
				sightings.push({
					at: tag.start,
					evidence: tagEvidence(page, tag),
					captchaUrl: url!.href,
					cookie,
					banned: url!.searchParams.get('t') === 'bv',
				});
			},
			script(script: Script) {
				if (/captcha-delivery\.com\/c\.js/.test(script.code)) newScript = true;
				const pattern = /\bdd\s{0,5}=\s{0,5}\{/g;
				let match: RegExpExecArray | null;
				let hits = 0;
				while ((match = pattern.exec(script.code)) && hits++ < 16) {
					const parsed = fromDd(
						readValue(script.code, match.index + match[0].length - 1),
						page.url,
					);
					if (parsed)
						sightings.push({
							at: script.start + match.index,
							evidence: scriptEvidence(script, match.index),
							...parsed,
						});
				}
			},
			finish(): Found[] {
				const first = sightings.find((s) => s.captchaUrl) ?? sightings[0];
				if (!first) return [];
				const note = first.banned ? BANNED_NOTE : first.captchaUrl ? undefined : COOKIE_NOTE;
				return [
					found(
						'dataDome',
						compact({
							captchaUrl: first.captchaUrl,
							datadomeCookie: first.cookie ? `datadome=${first.cookie}` : undefined,
							datadomeVersion: newScript ? 'new' : undefined,
						}),
						first,
						note ? { note } : {},
					),
				];
			},
		};
	},
};
