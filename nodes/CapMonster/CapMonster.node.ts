import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import * as report from './actions/report/Report.resource';
import { router } from './actions/router';
import * as task from './actions/task/Task.resource';

export class CapMonster implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CapMonster',
		name: 'capMonster',
		icon: { light: 'file:capmonster.svg', dark: 'file:capmonster.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ create: "Solve " + $parameter["taskType"], getResult: "Get Task Result", incorrectToken: "Report Incorrect Token", incorrectImage: "Report Incorrect Image", getBalance: "Get Balance", getUserAgent: "Get User Agent" })[$parameter["operation"]] }}',
		description:
			'Solve reCAPTCHA, Turnstile, GeeTest, image and other captchas with CapMonster Cloud, report wrong answers and check the balance',
		defaults: { name: 'CapMonster' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'capMonsterApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Report', value: 'report' },
					{ name: 'Task', value: 'task' },
				],
				default: 'task',
			},
			...task.description,
			...report.description,
			...account.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
