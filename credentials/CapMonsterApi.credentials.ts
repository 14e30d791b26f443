import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The key travels only in the JSON body as `clientKey`. With No Cache on it carries the documented
 * `__nocache` suffix, which CapMonster applies to every task created with the key; a key that already
 * has that suffix is left as it is, and other `__` options the user typed are kept.
 */
const CLIENT_KEY =
	'={{ $credentials.noCache && !String($credentials.apiKey).trim().toLowerCase().split("__").includes("nocache") ? String($credentials.apiKey).trim() + "__nocache" : String($credentials.apiKey).trim() }}';

/** CapMonster reports a bad key with HTTP 200 and errorId 1, so the test reads the body. */
const KEY_REJECTIONS: Array<[code: string, message: string]> = [
	[
		'ERROR_KEY_DOES_NOT_EXIST',
		'ERROR_KEY_DOES_NOT_EXIST: the API key is not valid. Copy it again from the CapMonster Cloud dashboard.',
	],
	[
		'ERROR_IP_NOT_ALLOWED',
		"ERROR_IP_NOT_ALLOWED: this n8n server's IP is not in the key's trusted IP list.",
	],
	[
		'ERROR_IP_BANNED',
		'ERROR_IP_BANNED: this IP is banned for about 10 minutes after too many bad requests.',
	],
	[
		'ERROR_IP_BLOCKED',
		'ERROR_IP_BLOCKED: this IP is blocked for about 10 minutes after too many failed requests.',
	],
];

export class CapMonsterApi implements ICredentialType {
	name = 'capMonsterApi';

	displayName = 'CapMonster Cloud API';

	icon: Icon = { light: 'file:capmonster.svg', dark: 'file:capmonster.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-capmonster/n8n-nodes-capmonster#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your CapMonster Cloud API key, from the dashboard at capmonster.cloud',
		},
		{
			displayName: 'No Cache',
			name: 'noCache',
			type: 'boolean',
			default: false,
			description:
				'Whether to ask CapMonster not to hand out pre-solved (cached) tokens for any task created with this key. Use it when a site accepts only some tokens; solving may take longer.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.capmonster.cloud',
			description:
				'Leave as is for CapMonster Cloud. Change it only for a compatible gateway or a local sandbox (http or https).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			body: { clientKey: CLIENT_KEY },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String($credentials.baseUrl || "https://api.capmonster.cloud").trim().replace(/\\/+$/, "") }}',
			url: '/getBalance',
			method: 'POST',
		},
		rules: [
			...KEY_REJECTIONS.map(([code, message]) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'errorCode', value: code, message },
			})),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errorId',
					value: 1,
					message: 'CapMonster rejected the key (errorId 1). Check the API key and the Base URL.',
				},
			},
		],
	};
}
