import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { detectCaptchas, detectionJson } from '../../detect';
import { updateDisplayOptions } from '../../helpers/utils';
import type { OperationEntry } from '../operations';
import { pageProperties, readPage } from './page';

export const operation: OperationEntry = {
	name: 'Detect Captcha',
	value: 'detect',
	action: 'Find the captchas in a page',
	description:
		'Find which captchas a page uses and their site keys, from its HTML: free, nothing is sent to CapMonster, no credential needed',
	usesCredential: false,
	toolDescription:
		'Find which captchas a web page uses, from its HTML, without solving anything (free: nothing is sent to CapMonster). Pass: Page HTML (the page’s HTML text) and Page URL (its address). Returns found, count and captchas, each with taskType (the Create Task type that solves it, or null when CapMonster cannot), websiteKey, the other values Create Task needs, missing (required values that are not in the page) and evidence; the first captcha’s values are also at the top level. On failure it returns error, errorCode and hint instead: fix the input it names and call again.',
};

const properties: INodeProperties[] = pageProperties({});

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['detect'] } },
	properties,
);

export const NOTHING_FOUND_HINT =
	'No captcha in the page’s HTML. The page may add it later with JavaScript (then look for the key in the scripts it loads), or the site may only show a captcha to suspicious visitors.';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const page = await readPage(this, itemIndex, { urlRequired: false });
	const captchas = detectCaptchas(page.html, page.url).map(detectionJson);
	return {
		found: captchas.length > 0,
		count: captchas.length,
		captchas,
		...(captchas[0] ?? { hint: NOTHING_FOUND_HINT }),
	};
}
