/** The output item of a solved task: everything the next HTTP Request and a later report need. */
import type { IDataObject } from 'n8n-workflow';

import { cookieHeader, getCaseInsensitive } from '../taskTypes/answers';

export function solvedOutput(
	taskId: number,
	taskType: string | null,
	result: IDataObject,
	answer: (solution: IDataObject) => unknown,
): IDataObject {
	const solution = (
		typeof result.solution === 'object' && result.solution !== null ? result.solution : {}
	) as IDataObject;
	const output: IDataObject = {
		taskId,
		taskType,
		status: 'ready',
		token: (answer(solution) ?? null) as IDataObject[keyof IDataObject],
		solution,
	};
	const headers = getCaseInsensitive(solution, 'headers');
	const userAgent = solution.userAgent ?? getCaseInsensitive(headers, 'User-Agent');
	if (userAgent) output.userAgent = userAgent as string;
	const cookies = solution.cookies ?? cookieHeader(solution);
	if (cookies) output.cookies = cookies as IDataObject;
	if (result.cost !== undefined) output.cost = result.cost;
	return output;
}

export function processingOutput(taskId: number, taskType: string | null): IDataObject {
	return { taskId, taskType, status: 'processing' };
}
