/**
 * ALTCHA, from its widget docs (altcha.org/docs/website-integration): the `<altcha-widget>` element
 * with `challengeurl` (the widget fetches challenge, salt, signature and maxnumber from it) or an
 * inline `challengejson`. Only an inline challenge is in the page; otherwise the output says where
 * to fetch it. Task fields: docs.capmonster.cloud/docs/captchas/altcha-task.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Found, Page, Recogniser, Tag } from '../types';
import { compact, found, tagEvidence } from './shared';

export const altcha: Recogniser = {
	family: 'ALTCHA',
	triggers: ['altcha-widget'],
	taskTypes: ['altcha'],
	start(page: Page) {
		const widgets: Found[] = [];
		return {
			tag(tag: Tag) {
				if (tag.name !== 'altcha-widget' || widgets.length >= 8) return;
				const challenge = parseChallenge(tag.attrs.challengejson);
				const challengeUrl = tag.attrs.challengeurl
					? page.resolve(tag.attrs.challengeurl)?.href
					: undefined;
				const values: IDataObject = compact({
					websiteKey: tag.attrs.sitekey ?? tag.attrs['data-sitekey'],
					...challenge,
				});
				if (values.websiteKey === undefined) values.websiteKey = '';
				const note = challenge
					? undefined
					: challengeUrl
						? `The challenge is fetched when the page loads: GET ${challengeUrl} and give its challenge, maxnumber (as Iterations), salt and signature`
						: 'The challenge is not in the page: find the JSON the widget fetches (it has "algorithm", "challenge", "salt", "signature") and give its values';
				widgets.push(
					found(
						'altcha',
						values,
						{ at: tag.start, evidence: tagEvidence(page, tag) },
						note ? { note } : {},
					),
				);
			},
			finish: () => widgets,
		};
	},
};

function parseChallenge(json: string | undefined): IDataObject | undefined {
	if (!json || json.length > 10000) return undefined;
	try {
		const parsed = JSON.parse(json) as Record<string, unknown>;
		const { challenge, salt, signature, maxnumber, maxNumber } = parsed;
		const iterations = maxnumber ?? maxNumber;
		if (typeof challenge !== 'string' || typeof salt !== 'string' || typeof signature !== 'string')
			return undefined;
		return compact({
			challenge,
			iterations: iterations === undefined ? undefined : String(iterations),
			salt,
			signature,
		});
	} catch {
		return undefined;
	}
}
