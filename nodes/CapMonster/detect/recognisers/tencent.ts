/**
 * Tencent captcha (TenDI), from Tencent Cloud's web integration guide (cloud.tencent.com/document/product/1110):
 * `new TencentCaptcha(appId, callback)` (or with an element first) with TCaptcha.js, and the legacy
 * `id="TencentCaptcha" data-appid="…"` button. Task fields: docs.capmonster.cloud/docs/captchas/tendi.
 */
import { occurrences, openParen, readArguments } from '../js';
import type { Found, Page, Recogniser, Script, Tag } from '../types';
import {
	compact,
	found,
	hostIs,
	scriptEvidence,
	Sightings,
	tagEvidence,
	tagUrl,
	urlsIn,
} from './shared';

const APP_ID = /^[0-9]{6,12}$/;
const SCRIPT = /\/TCaptcha(-global)?\.js$/i;

export const tencent: Recogniser = {
	family: 'TenDI (Tencent)',
	triggers: ['tencentcaptcha', 'tcaptcha'],
	taskTypes: ['tenDi'],
	start(page: Page) {
		const keys = new Sightings<{ at: number; evidence: string }>();
		let captchaUrl: string | undefined;
		const isScript = (url: URL | undefined) =>
			url &&
			SCRIPT.test(url.pathname) &&
			hostIs(url, 'qq.com', 'qcloud.com', 'tencent.com', 'tencentcloudapi.com');
		return {
			tag(tag: Tag) {
				if (tag.name === 'script') {
					const url = tagUrl(page, tag);
					if (isScript(url) && !captchaUrl) captchaUrl = url!.href;
					return;
				}
				const appId = tag.attrs['data-appid'] ?? '';
				if (tag.attrs.id === 'TencentCaptcha' && APP_ID.test(appId))
					keys.add(appId, { at: tag.start, evidence: tagEvidence(page, tag) });
			},
			script(script: Script) {
				for (const { url } of urlsIn(script, page, 'TCaptcha'))
					if (isScript(url) && !captchaUrl) captchaUrl = url.href;
				for (const at of occurrences(script.code, 'new TencentCaptcha')) {
					const paren = openParen(script.code, at);
					if (paren === undefined) continue;
					const args = readArguments(script.code, paren);
					const appId = args
						.map((arg) =>
							arg.kind === 'string' ? arg.value : arg.kind === 'number' ? String(arg.value) : '',
						)
						.find((value) => APP_ID.test(value));
					if (appId)
						keys.add(appId, { at: script.start + at, evidence: scriptEvidence(script, at) });
				}
			},
			finish: (): Found[] =>
				keys
					.entries()
					.map(([key, sightings]) =>
						found('tenDi', compact({ websiteKey: key, captchaUrl }), sightings[0]),
					),
		};
	},
};
