import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunContext } from '../../solver/run';
import { updateDisplayOptions } from '../../helpers/utils';
import { taskIdField } from '../common.descriptions';
import { sendReport } from './send';
import type { OperationEntry } from '../operations';

export const operation: OperationEntry = {
	name: 'Report Incorrect Token',
	value: 'incorrectToken',
	action: 'Report an incorrect token',
	description:
		'Tell CapMonster the site rejected a token (reCAPTCHA, Turnstile, GeeTest…). Report only answers the site refused, e.g. a form that used to accept tokens now rejects them.',
	toolDescription:
		'Tell CapMonster that the website rejected a token it solved (reCAPTCHA, Turnstile, GeeTest and other token captchas). Pass taskId from the solve result. Call it only after the website actually refused the token. Returns taskId and reported: true. It neither refunds nor solves again: call the solve tool again for a new token.',
};

const properties: INodeProperties[] = [
	{
		...taskIdField,
		description:
			'The taskId of the token task whose answer the site rejected (reCAPTCHA, Turnstile, GeeTest and other token tasks)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['incorrectToken'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<IDataObject> {
	return await sendReport.call(this, itemIndex, run, 'reportIncorrectTokenCaptcha');
}
