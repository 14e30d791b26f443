/**
 * How an operation is registered: each `<operation>.operation.ts` exports its dropdown entry
 * (`operation`), its fields (`description`) and `execute`. A resource lists its operation modules
 * once; the Operation dropdown, the router's table and the canvas subtitle are all derived from them.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunContext } from '../solver/run';

export interface OperationEntry {
	/** The dropdown label, also the canvas subtitle unless `subtitle` says otherwise. */
	name: string;
	value: string;
	/** What the node's action list shows ("Solve a captcha"). */
	action: string;
	description: string;
	/** An n8n expression body for the canvas subtitle, e.g. `"Solve " + $parameter["taskType"]`. */
	subtitle?: string;
	/** False for operations that never call CapMonster, so they run without a credential. */
	usesCredential?: boolean;
	/**
	 * What an AI Agent's model reads when the node is one of its tools: what the operation does, what
	 * to pass and what comes back. Operations whose text depends on other fields (Create Task: the
	 * task type) add their own Description fields with `toolDescriptionProperty` instead.
	 */
	toolDescription?: string;
}

export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
) => Promise<IDataObject>;

export interface OperationModule {
	operation: OperationEntry;
	description: INodeProperties[];
	execute: OperationExecute;
}

export interface ResourceModule {
	resource: { name: string; value: string };
	operations: OperationModule[];
	/** The operation preselected when the resource is picked. */
	defaultOperation: string;
}

/** The resource's Operation dropdown followed by every operation's own fields. */
export function resourceProperties(module: ResourceModule): INodeProperties[] {
	const options = module.operations
		.map(({ operation }) => ({
			name: operation.name,
			value: operation.value,
			description: operation.description,
			action: operation.action,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
	const defaultOperation = module.defaultOperation;
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [module.resource.value] } },
			options,
			default: defaultOperation,
		},
		...module.operations.flatMap((operation) => [
			...(operation.operation.toolDescription
				? [
						toolDescriptionProperty(
							{ resource: [module.resource.value], operation: [operation.operation.value] },
							operation.operation.toolDescription,
						),
					]
				: []),
			...operation.description,
		]),
	];
}

/**
 * The tool's Description, shown only when the node is an AI Agent tool (n8n's `@tool` display
 * condition). n8n sends this parameter to the model as the tool description; because the node
 * declares it, n8n adds no generic "Tool Description" field of its own. Hosts without `@tool`
 * hide the field, and n8n falls back to its automatic description.
 */
export function toolDescriptionProperty(
	show: Record<string, string[]>,
	text: string,
): INodeProperties {
	return {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		default: text,
		typeOptions: { rows: 4 },
		displayOptions: { show: { '@tool': [true], ...show } },
		description:
			'What the AI model reads about this tool: what it does, what to pass and what it returns. Pre-filled for the chosen operation and task type.',
	};
}

/**
 * The canvas subtitle: one expression that picks the current operation's entry. n8n's lint (and its
 * verification scanner) wants the subtitle as a literal in the node file, so the node file holds this
 * string verbatim and a test keeps the two equal.
 */
export function subtitleExpression(resources: ResourceModule[]): string {
	const entries = resources.flatMap((module) =>
		module.operations.map(
			({ operation }) =>
				`${JSON.stringify(`${module.resource.value}:${operation.value}`)}: ${operation.subtitle ?? JSON.stringify(operation.name)}`,
		),
	);
	return `={{ ({ ${entries.join(', ')} })[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}

export function findOperation(
	resources: ResourceModule[],
	resource: string,
	operation: string,
): OperationModule | undefined {
	return resources
		.find((module) => module.resource.value === resource)
		?.operations.find((module) => module.operation.value === operation);
}
