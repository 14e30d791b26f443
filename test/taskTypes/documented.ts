/**
 * What the CapMonster Cloud docs (https://docs.capmonster.cloud/docs/captchas/) say about each Task
 * Type, written down here independently of the node's declarations (nodes/CapMonster/taskTypes/
 * catalogue/) so that properties.test.ts can check the declarations against it:
 *
 * - `sends`: the fixed part of the task object, as `type[/class][/cloudflareTaskType][/version]`;
 * - `proxy`: whether the type takes a proxy (`none`: the service's own proxies only).
 */
import type { ProxyRule } from '../../nodes/CapMonster/taskTypes/types';

export interface Documented {
	sends: string;
	proxy: ProxyRule;
}

export const DOCUMENTED: Readonly<Record<string, Documented>> = {
	recaptchaV2: { sends: 'RecaptchaV2Task', proxy: 'optional' },
	recaptchaV2Enterprise: { sends: 'RecaptchaV2EnterpriseTask', proxy: 'optional' },
	recaptchaV3: { sends: 'RecaptchaV3TaskProxyless', proxy: 'none' },
	recaptchaV3Enterprise: { sends: 'RecaptchaV3EnterpriseTask', proxy: 'none' },
	recaptchaClick: { sends: 'ComplexImageTask/recaptcha', proxy: 'none' },
	imageToText: { sends: 'ImageToTextTask', proxy: 'none' },
	imageRecognition: { sends: 'ComplexImageTask/recognition', proxy: 'none' },
	turnstile: { sends: 'TurnstileTask', proxy: 'optional' },
	turnstileChallengeToken: { sends: 'TurnstileTask/token', proxy: 'optional' },
	turnstileChallengeCookie: { sends: 'TurnstileTask/cf_clearance', proxy: 'required' },
	turnstileWaitingRoom: { sends: 'TurnstileTask/wait_room', proxy: 'required' },
	geetestV3: { sends: 'GeeTestTask/3', proxy: 'optional' },
	geetestV4: { sends: 'GeeTestTask/4', proxy: 'optional' },
	funCaptcha: { sends: 'FunCaptchaTask', proxy: 'optional' },
	binance: { sends: 'BinanceTask', proxy: 'optional' },
	prosopo: { sends: 'ProsopoTask', proxy: 'optional' },
	mtCaptcha: { sends: 'MTCaptchaTask', proxy: 'optional' },
	yidun: { sends: 'YidunTask', proxy: 'optional' },
	amazonWaf: { sends: 'AmazonTask', proxy: 'optional' },
	amazonWafChallenge: { sends: 'AmazonTask', proxy: 'optional' },
	amazonWafInvisible: { sends: 'AmazonTask', proxy: 'optional' },
	dataDome: { sends: 'CustomTask/DataDome', proxy: 'required' },
	imperva: { sends: 'CustomTask/Imperva', proxy: 'required' },
	tenDi: { sends: 'CustomTask/TenDI', proxy: 'optional' },
	basilisk: { sends: 'CustomTask/Basilisk', proxy: 'optional' },
	altcha: { sends: 'CustomTask/altcha', proxy: 'optional' },
	castle: { sends: 'CustomTask/Castle', proxy: 'optional' },
	tspd: { sends: 'CustomTask/tspd', proxy: 'required' },
	hunt: { sends: 'CustomTask/HUNT', proxy: 'required' },
	alibaba: { sends: 'CustomTask/alibaba', proxy: 'optional' },
	friendlyCaptcha: { sends: 'CustomTask/friendly', proxy: 'optional' },
	temu: { sends: 'CustomTask/Temu', proxy: 'optional' },
	// Custom (Raw JSON) has no fixed part: the user writes the whole task object.
	customJson: { sends: '', proxy: 'none' },
};
