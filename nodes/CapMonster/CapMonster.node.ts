import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceProperties } from './actions/operations';
import { RESOURCES } from './actions/resources';
import { router } from './actions/router';

export class CapMonster implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CapMonster',
		name: 'capMonster',
		icon: { light: 'file:capmonster.svg', dark: 'file:capmonster.dark.svg' },
		group: ['transform'],
		version: 1,
		// Derived from the operations' entries: test/engine/nodeDescription.test.ts keeps it in step.
		subtitle:
			'={{ ({ "account:getBalance": "Get Balance", "account:getUserAgent": "Get User Agent", "report:incorrectToken": "Report Incorrect Token", "report:incorrectImage": "Report Incorrect Image", "task:create": "Solve " + ({"autoDetect":"Auto-Detected Captcha","recaptchaV2":"reCAPTCHA V2","recaptchaV2Enterprise":"reCAPTCHA V2 Enterprise","recaptchaV3":"reCAPTCHA V3","recaptchaV3Enterprise":"reCAPTCHA V3 Enterprise","recaptchaClick":"reCAPTCHA Image Grid","imageToText":"Image to Text","imageRecognition":"Image Recognition","turnstile":"Cloudflare Turnstile","turnstileChallengeToken":"Cloudflare Challenge (Token)","turnstileChallengeCookie":"Cloudflare Challenge (Clearance Cookie)","turnstileWaitingRoom":"Cloudflare Waiting Room","geetestV3":"GeeTest V3","geetestV4":"GeeTest V4","funCaptcha":"FunCaptcha (Arkose Labs)","binance":"Binance","prosopo":"Prosopo","mtCaptcha":"MTCaptcha","yidun":"Yidun (NetEase)","amazonWaf":"Amazon AWS WAF (Captcha Script)","amazonWafChallenge":"Amazon AWS WAF (Challenge Page)","amazonWafInvisible":"Amazon AWS WAF (Invisible Challenge)","dataDome":"DataDome","imperva":"Imperva (Incapsula)","tenDi":"TenDI (Tencent)","basilisk":"Basilisk","altcha":"Altcha","castle":"Castle","tspd":"TSPD (F5)","hunt":"HUNT","alibaba":"Alibaba Cloud Captcha","friendlyCaptcha":"Friendly Captcha","temu":"Temu","customJson":"Custom (Raw JSON)"})[$parameter["taskType"]], "task:getResult": "Get Task Result", "task:detect": "Detect Captcha" })[$parameter["resource"] + ":" + $parameter["operation"]] }}',
		description:
			'Solve reCAPTCHA, Turnstile, GeeTest, image and other captchas with CapMonster Cloud, report wrong answers and check the balance',
		defaults: { name: 'CapMonster' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Detect Captcha never calls CapMonster: n8n hides the credential there and does not require it.
		credentials: [
			{
				name: 'capMonsterApi',
				required: true,
				displayOptions: { hide: { operation: ['detect'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: RESOURCES.map(({ resource }) => resource),
				default: 'task',
			},
			...RESOURCES.flatMap(resourceProperties),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
