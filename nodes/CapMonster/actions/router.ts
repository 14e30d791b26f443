/**
 * The one dispatcher. Cross-cutting work happens here once per execution: credentials, the
 * concurrency pool, Continue On Fail, pairedItem, and turning any failure into an n8n error
 * that names its item (and the tasks it leaves behind).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runPool } from '../solver/pool';
import { createRunContext, type RunContext } from '../solver/run';
import { CapMonsterApiError, NODE_ERRORS, sentences } from '../transport';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './common.descriptions';
import { findOperation } from './operations';
import { RESOURCES } from './resources';
import { runsAsTool, toolResult } from './tool';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const entry = findOperation(RESOURCES, resource, operation);
	const execute = entry?.execute;
	if (!execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}

	const run = await createRunContext.call(this, {
		credential: entry.operation.usesCredential !== false,
	});
	// As an AI Agent tool, a failure is the model's to handle: it gets the error item (see tool.ts).
	const asTool = runsAsTool(this);
	const continueOnFail = this.continueOnFail() || asTool;
	const toErrorOutput = !asTool && this.getNode().onError === 'continueErrorOutput';
	const concurrency = readConcurrency(this);
	const outputs: INodeExecutionData[] = new Array(items.length);
	const failures: Array<{ itemIndex: number; error: NodeApiError | NodeOperationError }> = [];

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
					const json = toErrorOutput ? { error: errorJson(error, true) } : errorJson(error);
					outputs[itemIndex] = { json, pairedItem: { item: itemIndex } };
					return;
				}
				failures.push({ itemIndex, error });
				// Stop the other items promptly; the failure is reported once they have settled.
				run.halt('failure');
			}
		},
		() => failures.length > 0 || (run.isHalted() && !continueOnFail),
	);

	const rootCause = pickRootCause(failures);
	if (rootCause) throw withOrphanedTasks(rootCause.error, rootCause.itemIndex, run);
	if (run.isHalted() && outputs.some((output) => output === undefined)) {
		throw new NodeOperationError(
			this.getNode(),
			'The execution was cancelled before every item was processed',
		);
	}
	if (asTool)
		return [outputs.map((item) => ({ ...item, json: toolResult(item.json, this.getNode()) }))];
	return [outputs];
}

/**
 * The failure to report: the lowest item whose own failure stopped the node, as a serial run would
 * report it, never an item that was only stopped because of it (CANCELLED after the halt).
 */
function pickRootCause<T extends { itemIndex: number; error: NodeApiError | NodeOperationError }>(
	failures: T[],
): T | undefined {
	const byItem = [...failures].sort((a, b) => a.itemIndex - b.itemIndex);
	return byItem.find(({ error }) => !isStoppedByOthers(error)) ?? byItem[0];
}

function isStoppedByOthers(error: NodeApiError | NodeOperationError): boolean {
	return error instanceof CapMonsterApiError && error.stoppedByOtherItem;
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

/**
 * The json of an error item: `{ error, errorCode, hint, description, taskId? }`.
 *
 * Under "Continue (using error output)" the same fields go one level down, `{ error: { message,
 * errorCode, hint, description, taskId? } }`: n8n sends an item to the error output only when its
 * json holds nothing but `error` (and `message`), and it replaces the json of any item that carries
 * an `error` object of its own with `{ error: message }`, which would lose the code and the hint.
 * n8n then adds the input item's fields beside `error`.
 */
function errorJson(error: NodeApiError | NodeOperationError, nested = false): IDataObject {
	const json: IDataObject = nested ? { message: error.message } : { error: error.message };
	if (error instanceof CapMonsterApiError) {
		json.errorCode = error.errorCode;
		json.hint = error.hint;
		if (error.taskId !== undefined) json.taskId = error.taskId;
	} else {
		json.errorCode = 'INVALID_INPUT';
		json.hint = NODE_ERRORS.INVALID_INPUT.hint;
	}
	json.description = error.description ?? '';
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
		error.description = sentences(
			error.description ?? undefined,
			`Tasks already created for other items (fetch them with Get Task Result within about 5 minutes): ${list}`,
		);
	}
	return error;
}
