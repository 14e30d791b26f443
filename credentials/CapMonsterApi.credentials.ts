import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The key travels only in the request body: as `clientKey` in the JSON API's JSON bodies, as `key`
 * in the RuCaptcha-compatible protocol's form bodies. With No Cache on, the JSON API key carries the
 * documented `__nocache` suffix, which CapMonster applies to every task created with the key; a key
 * that already has that suffix is left as it is, and other `__` options the user typed are kept. The
 * RuCaptcha-compatible protocol sends No Cache as `nocache=1` instead (see the node's transport).
 */
function keyParameter(credentials: ICredentialDataDecryptedObject): {
	name: 'clientKey' | 'key';
	value: string;
} {
	const key = String(credentials.apiKey ?? '').trim();
	if (credentials.protocol === 'rucaptcha') return { name: 'key', value: key };
	const options = key.toLowerCase().split('__').slice(1);
	const suffix = credentials.noCache === true && !options.includes('nocache') ? '__nocache' : '';
	return { name: 'clientKey', value: key + suffix };
}

const RUCAPTCHA = '$credentials.protocol === "rucaptcha"';

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

/** The RuCaptcha-compatible protocol's spelling of a bad key. */
const WRONG_USER_KEY: [code: string, message: string] = [
	'ERROR_WRONG_USER_KEY',
	'ERROR_WRONG_USER_KEY: the API key is not valid. Copy it again from the CapMonster Cloud dashboard.',
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
				'Whether to ask CapMonster not to hand out pre-solved (cached) tokens for any task created with this key (sent as nocache=1 with the RuCaptcha-compatible protocol). Use it when a site accepts only some tokens; solving may take longer.',
		},
		{
			displayName: 'Protocol',
			name: 'protocol',
			type: 'options',
			default: 'json',
			options: [
				{
					name: 'CapMonster JSON API',
					value: 'json',
					description: 'Recommended: every task type, field and option',
				},
				{
					name: 'RuCaptcha-Compatible (in.php/res.php)',
					value: 'rucaptcha',
					description:
						'For gateways that only speak the 2Captcha/RuCaptcha format. Carries reCAPTCHA, Image to Text, Turnstile, FunCaptcha and GeeTest only; no callback URL.',
				},
			],
			description:
				'How the node talks to CapMonster. Keep the JSON API unless a gateway in between only understands in.php/res.php; the operations and their output stay the same.',
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

	/**
	 * Plain code rather than a generic `authenticate`: n8n evaluates a generic one's expressions on
	 * every request, which was a third of the node's CPU per poll.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { name, value } = keyParameter(credentials);
		const { body } = requestOptions;
		if (body instanceof URLSearchParams) body.set(name, value);
		else if (body === undefined || isFieldMap(body)) {
			requestOptions.body = { ...(body as IDataObject | undefined), [name]: value };
		}
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String($credentials.baseUrl || "https://api.capmonster.cloud").trim().replace(/\\/+$/, "") }}',
			url: `={{ ${RUCAPTCHA} ? "/res.php" : "/getBalance" }}`,
			method: 'POST',
			headers: {
				'content-type': `={{ ${RUCAPTCHA} ? "application/x-www-form-urlencoded" : "application/json" }}`,
			},
			body: `={{ ${RUCAPTCHA} ? { action: "getbalance", json: "1" } : {} }}`,
		},
		rules: [
			...KEY_REJECTIONS.map(([code, message]) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'errorCode', value: code, message },
			})),
			// The RuCaptcha-compatible protocol answers {"status": 0, "request": "<code>"}.
			...[...KEY_REJECTIONS, WRONG_USER_KEY].map(([code, message]) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'request', value: code, message },
			})),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errorId',
					value: 1,
					message: 'CapMonster rejected the key (errorId 1). Check the API key and the Base URL.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 0,
					message:
						'CapMonster rejected the request (status 0). Check the API key, the Base URL and the Protocol.',
				},
			},
		],
	};
}

/** A JSON or form body given as an object (not raw bytes, a string or multipart form data). */
function isFieldMap(body: unknown): boolean {
	return (
		typeof body === 'object' &&
		body !== null &&
		!Array.isArray(body) &&
		!ArrayBuffer.isView(body) &&
		typeof (body as { append?: unknown }).append !== 'function'
	);
}
