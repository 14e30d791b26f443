/**
 * Google reCAPTCHA v2, v2 Enterprise, v3 and v3 Enterprise, from the embed styles of Google's
 * developer guides (developers.google.com/recaptcha/docs/display, /invisible, /v3, and
 * cloud.google.com/recaptcha/docs): the `g-recaptcha` widget (checkbox, invisible, bound to a
 * button), `grecaptcha.render()` / `grecaptcha.execute()`, `api.js?render=KEY`, enterprise.js,
 * the anchor iframe's `k=`, the <noscript> fallback, and www.recaptcha.net as the API domain.
 * Task fields: docs.capmonster.cloud/docs/captchas/no-captcha-task, recaptcha-v2-enterprise-task,
 * recaptcha-v3-task, recaptcha-v3-enterprise-task.
 */
import { matchesOf, openParen, readArguments, stringProp } from '../js';
import { hasClass } from '../html';
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

export const RECAPTCHA_KEY = /^6L[0-9A-Za-z_-]{38}$/;

interface Sighting {
	at: number;
	evidence: string;
	/** Seen in an Enterprise context (enterprise.js, grecaptcha.enterprise, /enterprise/ iframe). */
	enterprise?: boolean;
	/** A v3 sign: the key in api.js?render=KEY or grecaptcha.execute(KEY, …). */
	v3?: 'render' | 'execute';
	/** A v2 sign: a widget container, a render call or the checkbox fallback. */
	v2?: boolean;
	/** An invisible widget, or the invisible anchor iframe that v3 also creates. */
	invisible?: boolean;
	/** A widget bound to a button (class g-recaptcha on button/input/a). */
	control?: boolean;
	action?: string;
	s?: string;
	/** Not tied to reCAPTCHA by markup (a bare data-sitekey or a key in a config object). */
	loose?: boolean;
	recaptchaNet?: boolean;
}

const CONTROLS = new Set(['button', 'input', 'a']);
/** grecaptcha.render / .execute / .enterprise.…, with the whitespace formatters put around dots. */
const GRECAPTCHA_CALL =
	/\bgrecaptcha\s{0,20}\.\s{0,20}(?:(enterprise)\s{0,20}\.\s{0,20})?(?:(render|execute)\b)?/g;
const OTHER_WIDGETS = ['cf-turnstile', 'h-captcha', 'frc-captcha', 'procaptcha', 'mtcaptcha'];

function recaptchaUrl(url: URL | undefined): { enterprise: boolean; net: boolean } | undefined {
	if (!url || !hostIs(url, 'google.com', 'recaptcha.net')) return undefined;
	if (!url.pathname.toLowerCase().startsWith('/recaptcha/')) return undefined;
	return {
		enterprise: url.pathname.toLowerCase().includes('enterprise'),
		net: hostIs(url, 'recaptcha.net'),
	};
}

export const recaptcha: Recogniser = {
	family: 'reCAPTCHA',
	triggers: ['recaptcha', 'sitekey'],
	taskTypes: ['recaptchaV2', 'recaptchaV2Enterprise', 'recaptchaV3', 'recaptchaV3Enterprise'],
	start(page: Page) {
		const keys = new Sightings<Sighting>();
		let vendorScript = false;
		let standardScript = false;
		let enterpriseScript = false;
		let net = false;

		const scriptUrl = (url: URL, at: number, evidence: string) => {
			const kind = recaptchaUrl(url);
			const path = url.pathname.toLowerCase();
			if (!kind || !/^\/recaptcha\/(api|enterprise)\.js$/.test(path)) return;
			vendorScript = true;
			if (kind.enterprise) enterpriseScript = true;
			else standardScript = true;
			if (kind.net) net = true;
			const render = url.searchParams.get('render') ?? '';
			if (RECAPTCHA_KEY.test(render))
				keys.add(render, {
					at,
					evidence,
					v3: 'render',
					enterprise: kind.enterprise,
					recaptchaNet: kind.net,
				});
		};

		const call = (
			script: Script,
			at: number,
			enterprise: boolean,
			method: string,
			start: number,
		) => {
			vendorScript = true;
			const paren = openParen(script.code, at);
			if (paren === undefined) return;
			const args = readArguments(script.code, paren);
			const evidence = scriptEvidence(script, start);
			const where = script.start + start;
			if (method === 'render') {
				const params = args[1];
				const key = stringProp(params, 'sitekey');
				if (!key || !RECAPTCHA_KEY.test(key)) return;
				keys.add(key, {
					at: where,
					evidence,
					enterprise,
					v2: true,
					invisible: stringProp(params, 'size') === 'invisible',
					action: stringProp(params, 'action'),
					s: stringProp(params, 's'),
				});
			} else if (method === 'execute') {
				const key = args[0]?.kind === 'string' ? args[0].value : undefined;
				const action = stringProp(args[1], 'action');
				if (key && RECAPTCHA_KEY.test(key))
					keys.add(key, { at: where, evidence, enterprise, v3: 'execute', action });
				else if (action) pendingActions.push({ enterprise, action });
			}
		};
		/** Actions of execute(name, {action}) calls whose key is a variable: given to the v3 key. */
		const pendingActions: Array<{ enterprise: boolean; action: string }> = [];

		return {
			tag(tag: Tag) {
				if (tag.name === 'script') {
					const url = tagUrl(page, tag);
					if (url) scriptUrl(url, tag.start, tagEvidence(page, tag));
					return;
				}
				if (tag.name === 'iframe') {
					const url = tagUrl(page, tag, 'src', 'data-src');
					const kind = recaptchaUrl(url);
					const key = url?.searchParams.get('k') ?? '';
					if (!kind || !RECAPTCHA_KEY.test(key)) return;
					const path = url!.pathname.toLowerCase();
					const evidence = tagEvidence(page, tag);
					if (path.endsWith('/anchor'))
						keys.add(key, {
							at: tag.start,
							evidence,
							enterprise: kind.enterprise,
							invisible: url!.searchParams.get('size') === 'invisible',
							v2: url!.searchParams.get('size') !== 'invisible',
							recaptchaNet: kind.net,
						});
					else if (path.includes('fallback') || path.includes('noscript'))
						keys.add(key, {
							at: tag.start,
							evidence,
							enterprise: kind.enterprise,
							v2: true,
							recaptchaNet: kind.net,
						});
					return;
				}
				const key = tag.attrs['data-sitekey'];
				if (!key || !RECAPTCHA_KEY.test(key)) return;
				const widget = hasClass(tag, 'g-recaptcha');
				if (!widget && OTHER_WIDGETS.some((name) => hasClass(tag, name))) return;
				const control = CONTROLS.has(tag.name);
				keys.add(key, {
					at: tag.start,
					evidence: tagEvidence(page, tag),
					v2: widget && !control,
					control: widget && control,
					invisible: tag.attrs['data-size'] === 'invisible',
					action: tag.attrs['data-action'],
					s: tag.attrs['data-s'],
					loose: !widget,
				});
			},
			script(script: Script) {
				const code = script.code;
				for (const { url, at } of urlsIn(script, page, '/recaptcha/'))
					scriptUrl(url, script.start + at, scriptEvidence(script, at));
				for (const match of matchesOf(code, GRECAPTCHA_CALL)) {
					if (match[1]) vendorScript = enterpriseScript = true;
					if (match[2])
						call(script, match.index + match[0].length, Boolean(match[1]), match[2], match.index);
					else vendorScript = true;
				}
			},
			finish(): Found[] {
				if (!vendorScript && keys.entries().every(([, list]) => list.every((s) => s.loose)))
					return [];
				const onlyEnterprise = enterpriseScript && !standardScript;
				const result: Found[] = [];
				for (const [key, sightings] of keys.entries()) {
					const strong = sightings.filter((s) => !s.loose);
					if (!strong.length && !vendorScript) continue;
					const enterprise = onlyEnterprise || sightings.some((s) => s.enterprise);
					const rendered = sightings.some((s) => s.v3 === 'render');
					const v2 = sightings.some((s) => s.v2 || (s.control && !s.action));
					const v3Button = sightings.some((s) => s.control && s.action);
					const isV3 = rendered || ((sightings.some((s) => s.v3) || v3Button) && !v2);
					const action =
						firstOf(sightings, (s) => s.action) ??
						(isV3 ? pendingActions.find((p) => p.enterprise === enterprise)?.action : undefined);
					const s = firstOf(sightings, (x) => x.s);
					const first = sightings[0];
					if (isV3) {
						result.push(
							found(
								enterprise ? 'recaptchaV3Enterprise' : 'recaptchaV3',
								compact({ websiteKey: key, pageAction: action }),
								first,
							),
						);
						continue;
					}
					const invisible = sightings.some((x) => x.invisible || (x.control && !x.action));
					if (enterprise) {
						const viaNet = net || sightings.some((x) => x.recaptchaNet);
						result.push(
							found(
								'recaptchaV2Enterprise',
								compact({
									websiteKey: key,
									pageAction: action,
									enterprisePayload: s ? { s } : undefined,
									apiDomain: viaNet ? 'www.recaptcha.net' : undefined,
								}),
								first,
							),
						);
						continue;
					}
					result.push(
						found(
							'recaptchaV2',
							compact({
								websiteKey: key,
								isInvisible: invisible || undefined,
								recaptchaDataSValue: s,
							}),
							first,
						),
					);
				}
				return result;
			},
		};
	},
};
