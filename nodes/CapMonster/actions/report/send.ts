import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RunContext } from '../../solver/run';
import { REQUEST_TIMEOUT_MS } from '../../solver/timing';
import { requireTaskId } from '../../helpers/validation';
import { callApi, type ApiMethod } from '../../transport';

/** Both report operations: validate the id, send it once (a report is not worth a retry), confirm. */
export async function sendReport(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
	method: Extract<ApiMethod, 'reportIncorrectTokenCaptcha' | 'reportIncorrectImageCaptcha'>,
): Promise<IDataObject> {
	const taskId = requireTaskId(this, itemIndex, this.getNodeParameter('taskId', itemIndex));
	const { response, error } = await callApi.call(
		this,
		run.connection,
		method,
		{ taskId },
		{
			itemIndex,
			timeoutMs: REQUEST_TIMEOUT_MS,
		},
	);
	if (response) return { taskId, reported: true, status: (response.status as string) ?? 'success' };
	error.taskId = taskId;
	error.message = `Report for task ${taskId} was refused: ${error.message}`;
	if (error.errorCode === 'ERROR_NO_SUCH_CAPCHA_ID') {
		error.description =
			`${error.description ?? ''}\nReports are accepted only for solved tasks of the matching kind (token vs image) created with this API key, within about 5 minutes.`.trim();
	}
	throw error;
}
