/**
 * Captcha images from an n8n binary property (through getBinaryDataBuffer, so filesystem and S3
 * binary modes work), from base64 text, or from URLs where the API accepts them.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError, isBlank, requireHttpUrl, requireText } from '../helpers/validation';
import type { ImageSpec } from './types';

/** CapMonster rejects images under 100 bytes and over 50 KB. */
const MIN_IMAGE_BYTES = 100;
const MAX_IMAGE_BYTES = 50 * 1024;

export async function readImages(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ImageSpec,
	task: IDataObject,
): Promise<void> {
	const source = ctx.getNodeParameter('imageSource', itemIndex, 'binary') as string;
	if (source === 'url' && spec.urlPath) {
		const urls = splitList(
			requireText(ctx, itemIndex, 'Image URL', ctx.getNodeParameter('imageUrls', itemIndex, '')),
		);
		checkCount(ctx, itemIndex, spec, urls.length, 'Image URLs');
		task[spec.urlPath] = urls.map((url) => requireHttpUrl(ctx, itemIndex, 'Image URL', url));
		return;
	}
	const images =
		source === 'base64' ? fromBase64(ctx, itemIndex, spec) : await fromBinary(ctx, itemIndex);
	checkCount(
		ctx,
		itemIndex,
		spec,
		images.length,
		source === 'base64' ? 'Image (Base64)' : 'Input Binary Field',
	);
	task[spec.base64Path] = spec.base64Path === 'body' ? images[0] : images;
}

async function fromBinary(ctx: IExecuteFunctions, itemIndex: number): Promise<string[]> {
	const names = splitList(
		requireText(
			ctx,
			itemIndex,
			'Input Binary Field',
			ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
		),
	);
	const item = ctx.getInputData()[itemIndex];
	const images: string[] = [];
	for (const name of names) {
		// Own properties only: "__proto__" or "constructor" are on every object.
		if (
			!item.binary ||
			!Object.prototype.hasOwnProperty.call(item.binary, name) ||
			!item.binary[name]
		) {
			const available = Object.keys(item.binary ?? {});
			throw inputError(
				ctx,
				itemIndex,
				'Input Binary Field',
				`"${name}" is not on the input item`,
				available.length
					? `The item has these binary properties: ${available.join(', ')}. Nothing was sent to CapMonster.`
					: 'The item has no binary data. Download the image first (e.g. HTTP Request with Response Format: File). Nothing was sent to CapMonster.',
			);
		}
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
		images.push(checkSize(ctx, itemIndex, `Binary property "${name}"`, buffer));
	}
	return images;
}

function fromBase64(ctx: IExecuteFunctions, itemIndex: number, spec: ImageSpec): string[] {
	const raw = ctx.getNodeParameter('imageBase64', itemIndex, '') as unknown;
	let parts: unknown[];
	if (Array.isArray(raw)) parts = raw;
	else {
		const text = requireText(ctx, itemIndex, 'Image (Base64)', raw);
		// One image may be wrapped over several lines; several images are one per line or a JSON array.
		if (text.startsWith('[')) parts = parseArray(ctx, itemIndex, text);
		else parts = spec.max > 1 ? text.split(/\r?\n/).filter((line) => line.trim()) : [text];
	}
	return parts.map((part, index) => {
		if (isBlank(part) || typeof part !== 'string')
			throw inputError(ctx, itemIndex, 'Image (Base64)', `image ${index + 1} is empty`);
		const clean = part.replace(/^\s*data:[^,]*,/, '').replace(/\s+/g, '');
		if (!/^[A-Za-z0-9+/_-]+=*$/.test(clean))
			throw inputError(ctx, itemIndex, 'Image (Base64)', `image ${index + 1} is not base64 text`);
		return checkSize(ctx, itemIndex, 'Image (Base64)', Buffer.from(clean, 'base64'));
	});
}

function parseArray(ctx: IExecuteFunctions, itemIndex: number, text: string): unknown[] {
	try {
		const parsed = JSON.parse(text) as unknown;
		if (Array.isArray(parsed)) return parsed;
	} catch {
		// fall through to the error below
	}
	throw inputError(
		ctx,
		itemIndex,
		'Image (Base64)',
		'starts with "[" but is not a JSON array of base64 strings',
	);
}

function checkSize(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	buffer: Buffer,
): string {
	if (buffer.length < MIN_IMAGE_BYTES) {
		throw inputError(
			ctx,
			itemIndex,
			label,
			`is too small to be a captcha image (${buffer.length} bytes; at least ${MIN_IMAGE_BYTES})`,
		);
	}
	if (buffer.length > MAX_IMAGE_BYTES) {
		throw inputError(
			ctx,
			itemIndex,
			label,
			`is too big (${Math.ceil(buffer.length / 1024)} KB; CapMonster accepts up to 50 KB)`,
		);
	}
	return buffer.toString('base64');
}

function checkCount(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ImageSpec,
	count: number,
	label: string,
): void {
	if (count < spec.min || count > spec.max) {
		const wanted = spec.min === spec.max ? `${spec.min}` : `${spec.min} to ${spec.max}`;
		throw inputError(
			ctx,
			itemIndex,
			label,
			`gives ${count} image${count === 1 ? '' : 's'}; this task takes ${wanted}`,
		);
	}
}

function splitList(text: string): string[] {
	return text
		.split(/[\n,]/)
		.map((part) => part.trim())
		.filter(Boolean);
}
