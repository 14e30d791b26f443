/**
 * NetEase Yidun, from its web integration guide (support.dun.163.com): `initNECaptcha({ captchaId,
 * element, … })` (or initNECaptchaWithFallback) with load.min.js from cstaticdun.126.net.
 * Task fields: docs.capmonster.cloud/docs/captchas/yidun-task.
 */
import { occurrences, openParen, readArguments, stringProp } from '../js';
import type { Found, Recogniser, Script } from '../types';
import { found, scriptEvidence, Sightings } from './shared';

const KEY = /^[0-9A-Za-z]{16,64}$/;

export const yidun: Recogniser = {
	family: 'Yidun (NetEase)',
	triggers: ['necaptcha'],
	taskTypes: ['yidun'],
	start() {
		const keys = new Sightings<{ at: number; evidence: string }>();
		return {
			script(script: Script) {
				for (const at of occurrences(script.code, 'initNECaptcha')) {
					const paren = openParen(
						script.code,
						script.code.startsWith('WithFallback', at) ? at + 12 : at,
					);
					if (paren === undefined) continue;
					const key = stringProp(readArguments(script.code, paren)[0], 'captchaId');
					if (key && KEY.test(key))
						keys.add(key, { at: script.start + at, evidence: scriptEvidence(script, at) });
				}
			},
			finish: (): Found[] =>
				keys.entries().map(([key, sightings]) => found('yidun', { websiteKey: key }, sightings[0])),
		};
	},
};
