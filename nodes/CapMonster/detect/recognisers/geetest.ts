/**
 * GeeTest v3 and v4, from GeeTest's web integration guides (docs.geetest.com): v3's
 * `initGeetest({ gt, challenge, … })` with gt.js, v4's `initGeetest4({ captchaId, … })` with gt4.js
 * and the `captcha_id` of its gcaptcha4.geetest.com requests. A v3 challenge is single-use and
 * normally fetched by the page's register request, so it is taken only when it is in the page.
 * Task fields: docs.capmonster.cloud/docs/captchas/geetest-task.
 */
import type { JsValue } from '../js';
import { occurrences, openParen, propOf, readArguments, stringProp } from '../js';
import type { Found, Page, Recogniser, Script, Tag } from '../types';
import { compact, found, hostIs, scriptEvidence, Sightings, tagEvidence, tagUrl } from './shared';

const GT = /^[0-9a-fA-F]{32}$/;
/** A v3 challenge: 32 hex digits (34 once the page appended its two letters). */
const CHALLENGE = /^[0-9a-fA-F]{32}[0-9a-zA-Z]{0,2}$/;

export const V3_NOTE =
	'GeeTest v3 needs a fresh challenge for every task: take it from the site’s register request (the one that returns gt and challenge) just before solving';

interface Sighting {
	at: number;
	evidence: string;
	version: 3 | 4;
	challenge?: string;
	apiServer?: string;
	riskType?: string;
}

function apiHost(value: JsValue | undefined): string | undefined {
	const text =
		value?.kind === 'string'
			? value.value
			: value?.kind === 'array' && value.value[0]?.kind === 'string'
				? value.value[0].value
				: undefined;
	const host = text?.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
	return host && host !== 'api.geetest.com' && /^[A-Za-z0-9.-]+$/.test(host) ? host : undefined;
}

export const geetest: Recogniser = {
	family: 'GeeTest',
	triggers: ['geetest', 'gt4', 'captcha_id'],
	taskTypes: ['geetestV3', 'geetestV4'],
	start(page: Page) {
		const keys = new Sightings<Sighting>();
		return {
			tag(tag: Tag) {
				const url = tagUrl(page, tag, 'src', 'data-src');
				if (!hostIs(url, 'geetest.com')) return;
				const id = url!.searchParams.get('captcha_id') ?? '';
				if (GT.test(id))
					keys.add(id, { at: tag.start, evidence: tagEvidence(page, tag), version: 4 });
			},
			script(script: Script) {
				for (const [name, version] of [
					['initGeetest4', 4],
					['initGeetest', 3],
				] as const) {
					for (const at of occurrences(script.code, name)) {
						if (version === 3 && script.code.startsWith('4', at)) continue;
						const paren = openParen(script.code, at);
						if (paren === undefined) continue;
						const config = readArguments(script.code, paren)[0];
						const key =
							version === 4
								? stringProp(config, 'captchaId', 'captcha_id')
								: stringProp(config, 'gt');
						if (!key || !GT.test(key)) continue;
						const challenge = version === 3 ? stringProp(config, 'challenge') : undefined;
						keys.add(key, {
							at: script.start + at,
							evidence: scriptEvidence(script, at),
							version,
							challenge: challenge && CHALLENGE.test(challenge) ? challenge : undefined,
							apiServer: apiHost(
								propOf(config, version === 4 ? 'apiServers' : 'api_server') ??
									propOf(config, 'apiServer'),
							),
							riskType: version === 4 ? stringProp(config, 'riskType') : undefined,
						});
					}
				}
			},
			finish(): Found[] {
				return keys.entries().map(([key, sightings]) => {
					const first = sightings[0];
					const apiServer = sightings.find((s) => s.apiServer)?.apiServer;
					if (first.version === 4) {
						const riskType = sightings.find((s) => s.riskType)?.riskType;
						return found(
							'geetestV4',
							compact({
								gt: key,
								initParameters: riskType ? { riskType } : undefined,
								geetestApiServerSubdomain: apiServer,
							}),
							first,
						);
					}
					const challenge = sightings.find((s) => s.challenge)?.challenge;
					return found(
						'geetestV3',
						compact({ gt: key, challenge, geetestApiServerSubdomain: apiServer }),
						first,
						challenge ? {} : { note: V3_NOTE },
					);
				});
			},
		};
	},
};
