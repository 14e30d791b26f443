/** The shape of a body case, and the readers of a type's main answer from the sandbox's solution. */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

export interface BodyCase {
	/** Test title. */
	title: string;
	taskType: string;
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	/** The `task` object the docs' example would send for this input. */
	expected: IDataObject;
	/** The sandbox variant the task must resolve to (Turnstile modes, GeeTest versions, Amazon sets). */
	variant?: string;
	/** The main answer, read independently of the node from the sandbox's solution. */
	token: (solution: IDataObject) => unknown;
}

export const field = (name: string) => (solution: IDataObject) => solution[name];
export const data = (name: string) => (solution: IDataObject) =>
	(solution.data as IDataObject)[name];

/** All cookies of a `domains` / `Domains` solution as a Cookie header, attributes dropped. */
export function cookieString(solution: IDataObject): string {
	const domains = (solution.domains ?? solution.Domains) as Record<string, IDataObject>;
	return Object.values(domains)
		.flatMap((domain) =>
			Object.entries((domain.cookies ?? domain.Cookies) as Record<string, string>).map(
				([name, value]) => `${name}=${value.split(';')[0].trim()}`,
			),
		)
		.join('; ');
}
