/**
 * GeeTest v3 and v4: one GeeTestTask type, offered as two Task Types; `version` is sent as the
 * integer 3 or 4 (the docs type it integer; the JS client sends a string).
 * Docs: docs.capmonster.cloud/docs/captchas/geetest-task.
 */
import type { IDataObject } from 'n8n-workflow';

import { wholeSolution } from '../answers';
import { apiHost, userAgent, websiteUrl } from '../fields';
import type { FieldSpec, TaskCheckProblem, TaskTypeSpec } from '../types';

const GEETEST_URL =
	'Address of the page where the captcha is initialised: the Referer of its gettype.php / load request, which can differ from the page you see (e.g. https://example.com, not https://example.com#login)';

const shared: FieldSpec[] = [
	apiHost(
		'geetestApiServerSubdomain',
		'API Server Subdomain',
		'The GeeTest API host the page uses, if not api.geetest.com (the api_server / apiServers value in initGeetest), without https://',
		'api-na.geetest.com',
	),
	{
		name: 'geetestGetLib',
		displayName: 'Get Lib',
		description:
			'Path of the script that displays the captcha, only for sites that need it. Sent as text exactly as given (the docs ask for JSON as a string).',
		path: 'geetestGetLib',
		kind: 'string',
	},
	userAgent(),
];

/** "Proxies with IP authorization are not yet supported" (GeeTest page). */
const noIpAuthorisedProxy = (task: IDataObject): TaskCheckProblem | undefined =>
	task.proxyAddress !== undefined && task.proxyLogin === undefined
		? {
				field: 'Proxy Login',
				problem:
					'is required: GeeTest does not support proxies authorised by IP address, use one with login and password',
			}
		: undefined;

export const GEETEST_TYPES: TaskTypeSpec[] = [
	{
		value: 'geetestV3',
		name: 'GeeTest V3',
		description: 'GeeTest v3 (gt + challenge); the answer holds challenge, validate and seccode',
		task: { type: 'GeeTestTask', version: 3 },
		fields: [
			websiteUrl(GEETEST_URL),
			{
				name: 'gt',
				displayName: 'GT',
				description:
					'The static gt key of the site: the gt value passed to initGeetest() or returned by the site’s register request',
				path: 'gt',
				kind: 'string',
				required: true,
			},
			{
				name: 'challenge',
				displayName: 'Challenge',
				description:
					'A fresh challenge for every task, from the site’s register request (the one that returns gt and challenge) made just before; a used or loaded one fails with ERROR_TOKEN_EXPIRED and is still charged',
				path: 'challenge',
				kind: 'string',
				required: true,
			},
			...shared,
		],
		proxy: 'optional',
		check: noIpAuthorisedProxy,
		answer: wholeSolution,
		timing: 'token',
		report: 'token',
	},
	{
		value: 'geetestV4',
		name: 'GeeTest V4',
		description:
			'GeeTest v4 (captcha_id); the answer holds captcha_id, lot_number, pass_token, gen_time and captcha_output',
		task: { type: 'GeeTestTask', version: 4 },
		fields: [
			websiteUrl(GEETEST_URL),
			{
				name: 'gt',
				displayName: 'Captcha ID',
				description:
					'The captcha_id of the site: passed to initGeetest4() on the page, or the captcha_id parameter of its gcaptcha4.geetest.com/load request',
				path: 'gt',
				kind: 'string',
				required: true,
			},
			{
				name: 'initParameters',
				displayName: 'Init Parameters',
				description:
					'Extra parameters the page passes to initGeetest4(), as a JSON object, e.g. {"riskType": "slide"}',
				path: 'initParameters',
				kind: 'jsonObject',
				placeholder: '{"riskType": "slide"}',
			},
			...shared,
		],
		proxy: 'optional',
		check: noIpAuthorisedProxy,
		answer: wholeSolution,
		timing: 'token',
		report: 'token',
	},
];
