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
		proxyAddress: requireText(
			ctx,
			itemIndex,
			'Proxy Address',
			ctx.getNodeParameter('proxyAddress', itemIndex, ''),
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
	if (String(proxy.proxyAddress).includes('://')) {
		throw inputError(
			ctx,
			itemIndex,
			'Proxy Address',
			'must be just the IP or host name; to paste a whole proxy URL choose Proxy: Proxy URL',
		);
	}
	const login = ctx.getNodeParameter('proxyLogin', itemIndex, '') as string;
	const password = ctx.getNodeParameter('proxyPassword', itemIndex, '') as string;
	if (!isBlank(login)) proxy.proxyLogin = String(login).trim();
	if (!isBlank(password)) proxy.proxyPassword = String(password);
	return proxy;
}

function fromUrl(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const text = requireText(
		ctx,
		itemIndex,
		'Proxy URL',
		ctx.getNodeParameter('proxyUrl', itemIndex, ''),
	);
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		// Never echo the value: it may hold the proxy password.
		throw inputError(
			ctx,
			itemIndex,
			'Proxy URL',
			'is not a valid URL; use scheme://login:password@host:port',
		);
	}
	const scheme = url.protocol.replace(/:$/, '').toLowerCase();
	if (!(PROXY_TYPES as readonly string[]).includes(scheme)) {
		throw inputError(
			ctx,
			itemIndex,
			'Proxy URL',
			`must start with ${PROXY_TYPES.map((type) => `${type}://`).join(', ')}`,
		);
	}
	if (!url.hostname)
		throw inputError(
			ctx,
			itemIndex,
			'Proxy URL',
			'has no host; use scheme://login:password@host:port',
		);
	if (!url.port)
		throw inputError(ctx, itemIndex, 'Proxy URL', 'needs a port, e.g. http://203.0.113.10:8080');
	const proxy: IDataObject = {
		proxyType: scheme,
		proxyAddress: url.hostname.replace(/^\[|\]$/g, ''),
		proxyPort: requireNumber(ctx, itemIndex, 'Proxy URL port', url.port, {
			min: 1,
			max: 65535,
			integer: true,
		}),
	};
	if (url.username) proxy.proxyLogin = decodeURIComponent(url.username);
	if (url.password) proxy.proxyPassword = decodeURIComponent(url.password);
	return proxy;
}
