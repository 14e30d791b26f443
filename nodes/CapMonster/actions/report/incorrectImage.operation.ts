import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunContext } from '../../solver/run';
import { updateDisplayOptions } from '../../helpers/utils';
import { taskIdField } from '../common.descriptions';
import { sendReport } from './send';
import type { OperationEntry } from '../operations';

export const operation: OperationEntry = {
	name: 'Report Incorrect Image',
	value: 'incorrectImage',
	action: 'Report an incorrect image answer',
	description: 'Tell CapMonster an image answer (Image to Text, image grid) was wrong',
	toolDescription:
		'Tell CapMonster that the answer to an image captcha (Image to Text, reCAPTCHA image grid, image recognition) was wrong. Pass taskId from the solve result. Call it only after the website refused the answer. Returns taskId and reported: true. It neither refunds nor solves again.',
};

const properties: INodeProperties[] = [
	{
		...taskIdField,
		description: 'The taskId of the image task (Image to Text, image grids) whose answer was wrong',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['incorrectImage'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<IDataObject> {
	return await sendReport.call(this, itemIndex, run, 'reportIncorrectImageCaptcha');
}
