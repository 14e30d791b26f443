import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunContext } from '../../solver/run';
import { REQUEST_TIMEOUT_MS } from '../../solver/timing';
import { updateDisplayOptions } from '../../helpers/utils';
import { fetchUserAgent } from '../../transport';
import type { OperationEntry } from '../operations';

export const operation: OperationEntry = {
	name: 'Get User Agent',
	value: 'getUserAgent',
	action: 'Get the recommended user agent',
	description: 'Get the browser user agent CapMonster recommends for tasks and for sending tokens',
	toolDescription:
		'Get the browser user agent CapMonster currently recommends. Takes no input. Returns userAgent. Send the solved token from a browser or HTTP request with this same User-Agent, and pass it to a solve tool that asks for a user agent.',
};

const properties: INodeProperties[] = [
	{
		displayName:
			'Returns the browser user agent CapMonster currently recommends. Use it as the User Agent of a task and of the HTTP Request that sends the token, so both look like the same browser.',
		name: 'userAgentNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getUserAgent'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<IDataObject> {
	const userAgent = await fetchUserAgent.call(this, run.connection, {
		itemIndex,
		timeoutMs: REQUEST_TIMEOUT_MS,
	});
	return { userAgent };
}
