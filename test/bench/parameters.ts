/** The node's side of the benchmark: its key, concurrency limits, parameters per task type and input items. */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

export const KEY = 'bench-key-5b81d0';
export const MAX_CONCURRENCY = 100;
export const DEFAULT_CONCURRENCY = 10;
export const MIN_POLL_GAP_MS = 2000;

const ITEM_URL = '={{ "https://example.com/form?item=" + $json.i }}';

export function taskParameters(): Record<string, INodeParameters> {
	return {
		recaptchaV2: {
			taskType: 'recaptchaV2',
			websiteURL: ITEM_URL,
			websiteKey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
		},
		recaptchaV3: {
			taskType: 'recaptchaV3',
			websiteURL: ITEM_URL,
			websiteKey: '6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf',
			additionalFields: { minScore: 0.7, pageAction: 'login' },
		},
		turnstile: {
			taskType: 'turnstile',
			websiteURL: ITEM_URL,
			websiteKey: '0x4AAAAAAABkMYinukE8nzYS',
		},
	};
}

export function parametersFor(type: string, concurrency: number): INodeParameters {
	return {
		resource: 'task',
		operation: 'create',
		...taskParameters()[type],
		options: { maxConcurrentTasks: concurrency },
	};
}

export function numberedItems(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { i } }));
}
