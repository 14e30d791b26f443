import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunContext } from '../../helpers/run';
import { REQUEST_TIMEOUT_MS } from '../../helpers/timing';
import { updateDisplayOptions } from '../../helpers/utils';
import { fetchUserAgent } from '../../transport';

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
