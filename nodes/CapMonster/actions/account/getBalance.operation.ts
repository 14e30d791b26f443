import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RunContext } from '../../solver/run';
import { REQUEST_TIMEOUT_MS } from '../../solver/timing';
import { updateDisplayOptions } from '../../helpers/utils';
import { requireNumber } from '../../helpers/validation';
import { apiRequest } from '../../transport';
import type { OperationEntry } from '../operations';

export const operation: OperationEntry = {
	name: 'Get Balance',
	value: 'getBalance',
	action: 'Get the account balance',
	description: 'Get the account balance in USD, optionally failing when it is too low',
	toolDescription:
		'Get the CapMonster Cloud account balance. Takes no input. Returns balance in USD. Call it before solving many captchas, or after a solve failed with ERROR_ZERO_BALANCE; every solved captcha costs a fraction of a cent to a few cents.',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Fail If Below (USD)',
				name: 'failIfBelow',
				type: 'number',
				default: 1,
				typeOptions: { minValue: 0, numberPrecision: 2 },
				description:
					'Fail the item when the balance is under this amount, so the workflow stops before spending',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getBalance'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as { failIfBelow?: unknown };
	const threshold =
		options.failIfBelow === undefined
			? undefined
			: requireNumber(this, itemIndex, 'Fail If Below', options.failIfBelow, { min: 0 });
	const response = await apiRequest.call(
		this,
		run.connection,
		'getBalance',
		{},
		{ itemIndex, timeoutMs: REQUEST_TIMEOUT_MS },
	);
	const balance = Number(response.balance);
	if (threshold !== undefined && balance < threshold) {
		throw new NodeOperationError(
			this.getNode(),
			`CapMonster balance ${balance} USD is below ${threshold} USD`,
			{
				itemIndex,
				description: 'Top up the CapMonster Cloud balance, or lower Fail If Below.',
			},
		);
	}
	return { balance };
}
