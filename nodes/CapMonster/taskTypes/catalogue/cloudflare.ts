/**
 * Cloudflare: the Turnstile widget, and the full-page challenge in its three modes (token,
 * cf_clearance cookie, Waiting Room) — one TurnstileTask type, offered as four Task Types.
 * Docs: docs.capmonster.cloud/docs/captchas/turnstile-task, turnstile-challenge-task, turnstile-waitroom-task.
 */
import type { IDataObject } from 'n8n-workflow';

import { field } from '../answers';
import {
	htmlPageBase64,
	pageAction,
	scriptUrl,
	turnstileCData,
	userAgent,
	websiteKey,
	websiteUrl,
} from '../fields';
import type { TaskCheckProblem, TaskTypeSpec } from '../types';

const TURNSTILE_SITE_KEY =
	'The Turnstile site key: the data-sitekey attribute of the cf-turnstile element, or the sitekey passed to turnstile.render() (starts with 0x4…)';

/**
 * The cookie modes list all five proxy fields as required, login and password included
 * (unlike other types, where an IP-whitelisted proxy without login is allowed).
 */
const proxyWithLogin = (task: IDataObject): TaskCheckProblem | undefined => {
	if (task.proxyLogin === undefined)
		return {
			field: 'Proxy Login',
			problem: 'is required for this task type: use a proxy with login and password',
		};
	if (task.proxyPassword === undefined)
		return {
			field: 'Proxy Password',
			problem: 'is required for this task type: use a proxy with login and password',
		};
	return undefined;
};

const cookieModeFields = (page: string) => [
	websiteUrl('Address of the page that answered with the Cloudflare challenge'),
	websiteKey(
		'The Cloudflare site key if you have it; any text is accepted for this mode (e.g. the page’s host name)',
	),
	htmlPageBase64(
		`The HTML of the ${page} as base64: the body of the blocked response, encoded e.g. with the expression {{ $json.data.base64Encode() }} (or btoa() in the browser console)`,
	),
	userAgent(true),
];

export const CLOUDFLARE_TYPES: TaskTypeSpec[] = [
	{
		value: 'turnstile',
		name: 'Cloudflare Turnstile',
		description: 'The Turnstile widget on a page (not the full-page challenge)',
		task: { type: 'TurnstileTask' },
		fields: [
			websiteUrl(),
			websiteKey(TURNSTILE_SITE_KEY),
			pageAction(
				'The data-action attribute of the widget (or action in turnstile.render()), if any',
			),
			turnstileCData(),
		],
		proxy: 'optional',
		answer: field('token'),
		timing: 'token',
		report: 'token',
	},
	{
		value: 'turnstileChallengeToken',
		name: 'Cloudflare Challenge (Token)',
		description:
			'The full-page "Just a moment…" challenge, solved as a Turnstile token for the page’s own callback',
		task: { type: 'TurnstileTask', cloudflareTaskType: 'token' },
		fields: [
			websiteUrl('Address of the page that shows the Cloudflare challenge'),
			websiteKey(TURNSTILE_SITE_KEY),
			pageAction(
				'The action passed to turnstile.render() by the challenge page, usually managed or non-interactive',
				{ required: true, placeholder: 'managed' },
			),
			userAgent(true),
			turnstileCData(true),
			{
				name: 'pageData',
				displayName: 'Page Data',
				description:
					'The chlPageData value passed to turnstile.render() by the challenge page (intercept the render call)',
				path: 'pageData',
				kind: 'string',
				required: true,
			},
			scriptUrl(
				'apiJsUrl',
				'API JS URL',
				'Address of the Turnstile script the page loads (…/turnstile/v0/api.js…), if CapMonster should use that exact script',
				{ required: false },
			),
		],
		proxy: 'optional',
		answer: field('token'),
		timing: 'token',
		report: 'token',
	},
	{
		value: 'turnstileChallengeCookie',
		name: 'Cloudflare Challenge (Clearance Cookie)',
		description:
			'The full-page "Just a moment…" challenge, solved as a cf_clearance cookie; needs your proxy',
		task: { type: 'TurnstileTask', cloudflareTaskType: 'cf_clearance' },
		fields: cookieModeFields('403 "Just a moment…" page'),
		proxy: 'required',
		check: proxyWithLogin,
		answer: field('cf_clearance'),
		timing: 'token',
		report: 'token',
	},
	{
		value: 'turnstileWaitingRoom',
		name: 'Cloudflare Waiting Room',
		description:
			'A "Waiting Room powered by Cloudflare" page, passed as a cf_clearance cookie; needs your proxy',
		task: { type: 'TurnstileTask', cloudflareTaskType: 'wait_room' },
		fields: cookieModeFields(
			'Waiting Room page (its title is "Waiting Room powered by Cloudflare")',
		),
		proxy: 'required',
		check: (task) => {
			const html = Buffer.from(String(task.htmlPageBase64), 'base64').toString('utf8');
			if (!/waiting room/i.test(html))
				return {
					field: 'HTML Page (Base64)',
					problem:
						'is not a Cloudflare Waiting Room page (no "Waiting Room powered by Cloudflare" in it); for the "Just a moment…" page use Cloudflare Challenge',
				};
			return proxyWithLogin(task);
		},
		answer: field('cf_clearance'),
		timing: 'token',
		report: 'token',
	},
];
