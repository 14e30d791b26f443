/**
 * The node as an AI Agent tool: the Description fields the model reads, and the compact result /
 * error text it gets back (nodes/CapMonster/actions/tool.ts). The real agent run is the e2e
 * scenario ai-agent.
 */
import type { INode, INodeProperties } from 'n8n-workflow';

import { toolResult } from '../../nodes/CapMonster/actions/tool';
import { RESOURCES } from '../../nodes/CapMonster/actions/resources';
import { TASK_TYPES } from '../../nodes/CapMonster/taskTypes';
import { loadNodeClass } from '../helpers/engine';

const description = new (loadNodeClass())().description;
const toolDescriptions = description.properties.filter(({ name }) => name === 'toolDescription');

function toolNode(parameters: INode['parameters']): INode {
	return {
		id: 'tool-1',
		name: 'Solve reCAPTCHA v2',
		type: 'n8n-nodes-capmonster.capMonsterTool',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
}

function shownFor(property: INodeProperties) {
	return property.displayOptions?.show ?? {};
}

describe('tool descriptions', () => {
	it('are shown only on the tool, one per operation and one per task type', () => {
		for (const property of toolDescriptions) expect(shownFor(property)['@tool']).toEqual([true]);
		const others = RESOURCES.flatMap(({ resource, operations }) =>
			operations
				.filter(({ operation }) => operation.value !== 'create' || resource.value !== 'task')
				.map(({ operation }) => `${resource.value}:${operation.value}`),
		);
		for (const key of others) {
			const [resource, operation] = key.split(':');
			const matching = toolDescriptions.filter(
				(p) =>
					shownFor(p).resource?.includes(resource) && shownFor(p).operation?.includes(operation),
			);
			expect([key, matching.length]).toEqual([key, 1]);
		}
		for (const type of TASK_TYPES) {
			const matching = toolDescriptions.filter((p) => shownFor(p).taskType?.includes(type.value));
			expect([type.value, matching.length]).toEqual([type.value, 1]);
			expect(String(matching[0].default)).toContain(type.name);
		}
	});

	it('say what to pass and what comes back for reCAPTCHA v2', () => {
		const text = String(
			toolDescriptions.find((p) => shownFor(p).taskType?.includes('recaptchaV2'))?.default,
		);
		for (const phrase of [
			'Website URL',
			'data-sitekey',
			'g-recaptcha-response',
			'expire',
			'taskId',
			'userAgent',
			'cost',
			'Report Incorrect Token',
		])
			expect(text).toContain(phrase);
	});
});

describe('tool results', () => {
	const token = '03AFcWeA' + 'x'.repeat(1500);

	it('keep the answer, taskId, userAgent and cost, without a second copy in solution', () => {
		const result = toolResult(
			{
				taskId: 7,
				taskType: 'RecaptchaV2Task',
				status: 'ready',
				token,
				solution: { gRecaptchaResponse: token, userAgent: 'UA/1', cookies: { a: 'b' } },
				userAgent: 'UA/1',
				cookies: { a: 'b' },
				cost: 0.0006,
			},
			toolNode({}),
		);
		expect(result).toEqual({
			taskId: 7,
			taskType: 'RecaptchaV2Task',
			status: 'ready',
			token,
			userAgent: 'UA/1',
			cookies: { a: 'b' },
			cost: 0.0006,
		});
	});

	it('shorten long base64 text but never the token', () => {
		const image = 'iVBORw0KGgo' + 'A'.repeat(5000);
		const result = toolResult(
			{ taskId: 1, token: image, solution: { text: 'abc', picture: `${image}B` } },
			toolNode({}),
		);
		expect(result.token).toBe(image);
		const picture = (result.solution as { picture: string }).picture;
		expect(picture.length).toBeLessThan(200);
		expect(picture).toContain('more characters left out');
		expect((result.solution as { text: string }).text).toBe('abc');
	});

	it('leave the solution out when the token is the whole solution (GeeTest)', () => {
		const solution = { challenge: 'c', validate: 'v', seccode: 's' };
		expect(toolResult({ taskId: 2, token: solution, solution }, toolNode({}))).toEqual({
			taskId: 2,
			token: solution,
		});
	});

	it('name the $fromAI key of the field an input error is about', () => {
		const node = toolNode({
			websiteURL: "={{ $fromAI('pageUrl', 'The page address', 'string') }}",
			websiteKey: 'fixed-key',
		});
		const result = toolResult(
			{
				error: 'Website URL must be a full http:// or https:// URL, got "nope" (item 0)',
				errorCode: 'INVALID_INPUT',
				hint: 'Fix the value in the node (or in the expression that produces it). Nothing was sent to CapMonster.',
			},
			node,
		);
		expect(result).toEqual({
			error: 'Website URL must be a full http:// or https:// URL, got "nope"',
			errorCode: 'INVALID_INPUT',
			parameter: 'pageUrl',
			hint: 'Call the tool again with a corrected "pageUrl". Nothing was sent to CapMonster.',
		});
		const fixed = toolResult(
			{ error: 'Website Key is required (item 0)', errorCode: 'INVALID_INPUT', hint: 'x' },
			node,
		);
		expect(fixed.parameter).toBeUndefined();
		expect(fixed.hint).toContain('set in the workflow, not by the model');
	});

	it('pass CapMonster errors on with their hint and task id', () => {
		expect(
			toolResult(
				{
					error: 'The CapMonster account has no balance left (item 0)',
					errorCode: 'ERROR_ZERO_BALANCE',
					hint: 'Top up the CapMonster Cloud balance.',
					taskId: 5,
				},
				toolNode({}),
			),
		).toEqual({
			error: 'The CapMonster account has no balance left',
			errorCode: 'ERROR_ZERO_BALANCE',
			hint: 'Top up the CapMonster Cloud balance.',
			taskId: 5,
		});
	});
});
