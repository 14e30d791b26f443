/** Proxy input (five fields or one URL) → the five flat proxy fields CapMonster expects in the task. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError, isBlank, requireNumber, requireText } from '../helpers/validation';
import type { ProxyRule } from './types';

export const PROXY_TYPES = ['http', 'https', 'socks4', 'socks5'] as const;

export function readProxy(ctx: IExecuteFunctions, itemIndex: number, rule: ProxyRule): IDataObject {
	if (rule === 'none') return {};
	const input = ctx.getNodeParameter(
		'proxyInput',
		itemIndex,
		rule === 'required' ? 'fields' : 'none',
	) as string;
	if (input === 'none') {
		if (rule === 'required')
			throw inputError(ctx, itemIndex, 'Proxy', 'is required for this task type');
		return {};
	}
	const proxy = input === 'url' ? fromUrl(ctx, itemIndex) : fromFields(ctx, itemIndex);
	if (!(PROXY_TYPES as readonly string[]).includes(String(proxy.proxyType))) {
		throw inputError(
			ctx,
			itemIndex,
			'Proxy Type',
			`must be one of ${PROXY_TYPES.join(', ')}, got "${String(proxy.proxyType)}"`,
		);
	}
	return proxy;
}

function fromFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const proxy: IDataObject = {
		proxyType: String(ctx.getNodeParameter('proxyType', itemIndex, 'http')).toLowerCase(),
		proxyAddress: checkAddress(
			ctx,
			itemIndex,
			requireText(
				ctx,
				itemIndex,
				'Proxy Address',
				ctx.getNodeParameter('proxyAddress', itemIndex, ''),
			),
		),
		proxyPort: requireNumber(
			ctx,
			itemIndex,
			'Proxy Port',
			ctx.getNodeParameter('proxyPort', itemIndex, ''),
			{
				min: 1,
				max: 65535,
				integer: true,
			},
		),
	};
	const login = ctx.getNodeParameter('proxyLogin', itemIndex, '') as unknown;
	const password = ctx.getNodeParameter('proxyPassword', itemIndex, '') as unknown;
	if (!isBlank(login)) proxy.proxyLogin = requireText(ctx, itemIndex, 'Proxy Login', login);
	if (!isBlank(password)) {
		// Kept exactly as given (spaces too); an object would be sent as "[object Object]".
		if (typeof password === 'object')
			throw inputError(ctx, itemIndex, 'Proxy Password', 'must be text, not an object or list');
		proxy.proxyPassword = String(password);
	}
	return proxy;
}

const HOST_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const JUST_THE_HOST = 'must be just the IP or host name';

/** The Address field holds one IP address or host name: no scheme, login, port, path or spaces. */
function checkAddress(ctx: IExecuteFunctions, itemIndex: number, text: string): string {
	// Never echo the value: a pasted proxy URL may hold the password.
	const refuse = (problem: string) => inputError(ctx, itemIndex, 'Proxy Address', problem);
	if (text.includes('://') || /^(https?|socks[45]):/i.test(text))
		throw refuse(`${JUST_THE_HOST}; to paste a whole proxy URL choose Proxy: Proxy URL`);
	if (text.includes('@')) {
		throw refuse(`${JUST_THE_HOST}; put the login and password in Proxy Login and Proxy Password`);
	}
	if (/\s/.test(text)) throw refuse(`${JUST_THE_HOST}, without spaces`);
	if (/[/\\?#]/.test(text)) throw refuse(`${JUST_THE_HOST}, without a path`);
	const bracketed = /^\[([^\]]*)\](:\d*)?$/.exec(text);
	if (bracketed?.[2] !== undefined || /^[^:]+:\d*$/.test(text))
		throw refuse(`${JUST_THE_HOST}; put the port in Proxy Port`);
	const address = bracketed ? bracketed[1] : text;
	if (address.includes(':') ? isIpv6(address) : HOST_NAME.test(address)) return address;
	throw refuse('must be an IP address or a host name made of letters, digits, dots and hyphens');
}

function isIpv6(address: string): boolean {
	if (!/^[0-9A-Fa-f:.]+$/.test(address)) return false;
	try {
		return new URL(`http://[${address}]/`).hostname !== '';
	} catch {
		return false;
	}
}

/** Characters that end the host:port part of a URL, so they must be percent-encoded in a login or password. */
const ENDS_AUTHORITY: Array<[character: string, escape: string]> = [
	['#', '%23'],
	['?', '%3F'],
];

function fromUrl(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const text = requireText(
		ctx,
		itemIndex,
		'Proxy URL',
		ctx.getNodeParameter('proxyUrl', itemIndex, ''),
	);
	// Never echo the value in any of these errors: it may hold the proxy password.
	const refuse = (problem: string) => inputError(ctx, itemIndex, 'Proxy URL', problem);
	for (const [character, escape] of ENDS_AUTHORITY) {
		// Otherwise http://host:8080#@other:3128 would quietly be host "host".
		if (text.includes(character)) {
			throw refuse(
				`contains "${character}", which ends the address part of a URL; in a login or password write it as ${escape}`,
			);
		}
	}
	// URL parsing drops tabs and line breaks, so the password sent would not be the one written.
	if (/[\t\n\r]|\p{Cc}/u.test(text))
		throw refuse('contains a tab, line break or other control character; remove it');
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw refuse('is not a valid URL; use scheme://login:password@host:port');
	}
	const scheme = url.protocol.replace(/:$/, '').toLowerCase();
	if (!(PROXY_TYPES as readonly string[]).includes(scheme))
		throw refuse(`must start with ${PROXY_TYPES.map((type) => `${type}://`).join(', ')}`);
	if (url.pathname !== '' && url.pathname !== '/') {
		throw refuse(
			'has a path after the port; end it with host:port, and write a / in a login or password as %2F',
		);
	}
	if (!url.hostname) throw refuse('has no host; use scheme://login:password@host:port');
	const host = url.hostname.replace(/^\[|\]$/g, '');
	if (!(host.includes(':') ? isIpv6(host) : HOST_NAME.test(host)))
		throw refuse('has a host that is not an IP address or a host name');
	const proxy: IDataObject = {
		proxyType: scheme,
		proxyAddress: host,
		proxyPort: requireNumber(ctx, itemIndex, 'Proxy URL port', explicitPort(text, url), {
			min: 1,
			max: 65535,
			integer: true,
		}),
	};
	if (url.username) proxy.proxyLogin = decode(ctx, itemIndex, url.username);
	if (url.password) proxy.proxyPassword = decode(ctx, itemIndex, url.password);
	return proxy;

	/** The port as written: URL parsing drops :80 of http:// and :443 of https://, which are real proxy ports. */
	function explicitPort(written: string, parsed: URL): string {
		if (parsed.port) return parsed.port;
		const authority = written.slice(written.indexOf('//') + 2).split('/')[0];
		const port = /:(\d+)$/.exec(authority.slice(authority.lastIndexOf('@') + 1))?.[1];
		if (port === undefined) throw refuse('needs a port, e.g. http://203.0.113.10:8080');
		return port;
	}
}

function decode(ctx: IExecuteFunctions, itemIndex: number, part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		throw inputError(
			ctx,
			itemIndex,
			'Proxy URL',
			'has a broken percent-escape in the login or password; write a % sign as %25',
		);
	}
}
