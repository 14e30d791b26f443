/**
 * The one dispatcher. Cross-cutting work happens here once per execution: credentials, the
 * concurrency pool, Continue On Fail, pairedItem, and turning any failure into an n8n error
 * that names its item (and the tasks it leaves behind).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runPool } from '../solver/pool';
import { createRunContext, type RunContext } from '../solver/run';
import { CapMonsterApiError } from '../transport';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './common.descriptions';
import { findOperation } from './operations';
import { RESOURCES } from './resources';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = findOperation(RESOURCES, resource, operation)?.execute;
	if (!execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}

	const run = await createRunContext.call(this);
	const continueOnFail = this.continueOnFail();
	const concurrency = readConcurrency(this);
	const outputs: INodeExecutionData[] = new Array(items.length);
	let firstFailure: { itemIndex: number; error: NodeApiError | NodeOperationError } | undefined;

	await runPool(
		items.length,
		concurrency,
		async (itemIndex) => {
			try {
				const json = await execute.call(this, itemIndex, run);
				outputs[itemIndex] = { json, pairedItem: { item: itemIndex } };
			} catch (caught) {
				const error = asNodeError(this, caught, itemIndex);
				if (continueOnFail) {
					outputs[itemIndex] = { json: errorJson(error), pairedItem: { item: itemIndex } };
					return;
				}
				// Stop the other items promptly; report the failure of the lowest item, as a serial run would.
				if (!firstFailure || itemIndex < firstFailure.itemIndex)
					firstFailure = { itemIndex, error };
				run.halt();
			}
		},
		() => firstFailure !== undefined || (run.isHalted() && !continueOnFail),
	);

	if (firstFailure) throw withOrphanedTasks(firstFailure.error, firstFailure.itemIndex, run);
	if (run.isHalted() && outputs.some((output) => output === undefined)) {
		throw new NodeOperationError(
			this.getNode(),
			'The execution was cancelled before every item was processed',
		);
	}
	return [outputs];
}

function readConcurrency(ctx: IExecuteFunctions): number {
	const value = Number(ctx.getNodeParameter('options.maxConcurrentTasks', 0, DEFAULT_CONCURRENCY));
	if (!Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Max Concurrent Tasks must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(value)}`,
		);
	}
	return value;
}

function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** The error item of Continue On Fail: `{ error, errorCode, hint, taskId? }`. */
function errorJson(error: NodeApiError | NodeOperationError): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error instanceof CapMonsterApiError) {
		json.errorCode = error.errorCode;
		json.hint = error.hint;
		if (error.taskId !== undefined) json.taskId = error.taskId;
	} else {
		json.errorCode = 'INVALID_INPUT';
		json.hint = error.description ?? '';
	}
	return json;
}

/** Tasks created for other items are not silently lost when the node stops: their ids go into the error. */
function withOrphanedTasks<E extends NodeApiError | NodeOperationError>(
	error: E,
	failedItem: number,
	run: RunContext,
): E {
	const others = [...run.createdTasks]
		.filter(([itemIndex]) => itemIndex !== failedItem)
		.sort(([a], [b]) => a - b);
	if (others.length) {
		const list = others
			.map(([itemIndex, taskId]) => `item ${itemIndex}: task ${taskId}`)
			.join(', ');
		error.description = [
			error.description,
			`Tasks already created for other items (fetch them with Get Task Result within about 5 minutes): ${list}.`,
		]
			.filter(Boolean)
			.join('\n');
	}
	return error;
}
