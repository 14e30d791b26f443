/**
 * The page a captcha is detected in: its HTML (text from an expression, or a binary property) and
 * its URL. Shared by Detect Captcha and Create Task → Auto-Detect From Page.
 */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError, isBlank, requireHttpUrl } from '../../helpers/validation';

/** Pages larger than this are refused rather than scanned (the scanner itself is linear). */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;

export function pageProperties(show: IDisplayOptions['show']): INodeProperties[] {
	const shownFor = (extra: IDisplayOptions['show'] = {}) => ({ show: { ...show, ...extra } });
	return [
		{
			displayName: 'Page URL',
			name: 'pageUrl',
			type: 'string',
			default: '={{ $json.url }}',
			placeholder: 'https://example.com/login',
			description:
				'Address of the page the HTML comes from: it becomes the Website URL of the task, and relative script addresses are resolved against it',
			displayOptions: shownFor(),
		},
		{
			displayName: 'Page Source',
			name: 'pageSource',
			type: 'options',
			default: 'text',
			options: [
				{
					name: 'Binary File',
					value: 'binary',
					description:
						'A binary property holding the page (HTTP Request with Response Format: File)',
				},
				{
					name: 'HTML Text',
					value: 'text',
					description: 'The page as text, e.g. the data field of an HTTP Request',
				},
			],
			displayOptions: shownFor(),
		},
		{
			displayName: 'Page HTML',
			name: 'pageHtml',
			type: 'string',
			default: '={{ $json.data }}',
			typeOptions: { rows: 4 },
			description:
				'The HTML of the page. HTTP Request (Response Format: Text or Autodetect) puts it in "data".',
			displayOptions: shownFor({ pageSource: ['text'] }),
		},
		{
			displayName: 'Input Binary Field',
			name: 'pageBinaryProperty',
			type: 'string',
			default: 'data',
			required: true,
			description: 'Name of the binary property holding the page',
			displayOptions: shownFor({ pageSource: ['binary'] }),
		},
	];
}

export interface PageInput {
	html: string;
	url?: string;
}

export async function readPage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: { urlRequired: boolean },
): Promise<PageInput> {
	const source = ctx.getNodeParameter('pageSource', itemIndex, 'text') as string;
	const html =
		source === 'binary'
			? await fromBinary(ctx, itemIndex)
			: fromText(ctx, itemIndex, ctx.getNodeParameter('pageHtml', itemIndex, ''));
	const rawUrl = ctx.getNodeParameter('pageUrl', itemIndex, '');
	if (isBlank(rawUrl)) {
		if (options.urlRequired)
			throw inputError(
				ctx,
				itemIndex,
				'Page URL',
				'is required: it is the Website URL of the task',
				'Give the address the page was loaded from, e.g. {{ $("HTTP Request").params.url }} or the URL you typed there. Nothing was sent to CapMonster.',
			);
		return { html };
	}
	return { html, url: requireHttpUrl(ctx, itemIndex, 'Page URL', rawUrl) };
}

function fromText(ctx: IExecuteFunctions, itemIndex: number, value: unknown): string {
	if (value === undefined || value === null || value === '')
		throw inputError(
			ctx,
			itemIndex,
			'Page HTML',
			'is empty',
			'The expression gave no page. With HTTP Request before this node, set its Response Format to Text (the page is then in "data"), or choose Page Source: Binary File. Nothing was sent to CapMonster.',
		);
	if (typeof value === 'object')
		throw inputError(
			ctx,
			itemIndex,
			'Page HTML',
			'must be the page’s HTML text, not an object or list',
			'The previous node returned JSON, not a page: point Page HTML at the field that holds the HTML (e.g. {{ $json.data }}), or set HTTP Request’s Response Format to Text. Nothing was sent to CapMonster.',
		);
	if (typeof value !== 'string')
		throw inputError(
			ctx,
			itemIndex,
			'Page HTML',
			`must be the page’s HTML text, got the ${typeof value} ${String(value).slice(0, 20)}`,
		);
	if (value.trim() === '') throw inputError(ctx, itemIndex, 'Page HTML', 'is empty');
	if (value.length > MAX_PAGE_BYTES)
		throw inputError(ctx, itemIndex, 'Page HTML', 'is larger than 20 MB, which no real page is');
	return value;
}

/** Binary content that cannot be a page: images, archives, PDFs, audio, video. */
const NOT_TEXT_MIME = /^(image|audio|video|font)\/|^application\/(pdf|zip|gzip|x-7z|x-rar|x-tar)/i;

async function fromBinary(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	const rawName = ctx.getNodeParameter('pageBinaryProperty', itemIndex, 'data');
	const name = typeof rawName === 'string' ? rawName.trim() : '';
	if (!name) throw inputError(ctx, itemIndex, 'Input Binary Field', 'is required');
	const item = ctx.getInputData()[itemIndex];
	const binary = item?.binary?.[name];
	if (!binary) {
		const available = Object.keys(item?.binary ?? {});
		throw inputError(
			ctx,
			itemIndex,
			'Input Binary Field',
			`"${name}" is not on the input item`,
			available.length
				? `The item has the binary properties ${available.map((key) => `"${key}"`).join(', ')}. Nothing was sent to CapMonster.`
				: 'The item has no binary data: use HTTP Request with Response Format: File, or choose Page Source: HTML Text. Nothing was sent to CapMonster.',
		);
	}
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
	const mime = binary.mimeType ?? '';
	const head = buffer.subarray(0, 8192);
	if (buffer.length > MAX_PAGE_BYTES)
		throw inputError(ctx, itemIndex, 'Input Binary Field', `"${name}" is larger than 20 MB`);
	// UTF-16 pages start with a byte-order mark; anything else with NUL bytes is not text.
	if (head[0] === 0xff && head[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
	if (NOT_TEXT_MIME.test(mime) || head.includes(0))
		throw inputError(
			ctx,
			itemIndex,
			'Input Binary Field',
			`"${name}" holds ${mime || 'binary data'}, not a text page`,
			'Give the binary property that holds the HTML page, or the page as text. Nothing was sent to CapMonster.',
		);
	if (buffer.length === 0 || buffer.toString('utf8').trim() === '')
		throw inputError(ctx, itemIndex, 'Input Binary Field', `"${name}" is empty`);
	return buffer.toString('utf8').replace(/^\uFEFF/, '');
}
