/** Small helpers the recognisers share: URLs, keys seen in several places, evidence. */
import type { IDataObject } from 'n8n-workflow';

import type { Found, Page, Script, Tag } from '../types';

/** Whether the URL's host is `domain` or a subdomain of it. */
export function hostIs(url: URL | undefined, ...domains: string[]): boolean {
	if (!url) return false;
	const host = url.hostname.toLowerCase();
	return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** A tag's URL attribute (src, href, data-src) resolved against the page. */
export function tagUrl(page: Page, tag: Tag, ...names: string[]): URL | undefined {
	for (const name of names.length ? names : ['src']) {
		const value = tag.attrs[name];
		if (value) return page.resolve(value);
	}
	return undefined;
}

export function tagEvidence(page: Page, tag: Tag): string {
	return page.excerpt(tag.start, tag.end);
}

/** About 160 characters of a script from the statement around `at`, on one line. */
export function scriptEvidence(script: Script, at: number): string {
	const window = script.code.slice(Math.max(0, at - 60), at);
	const statement = Math.max(
		window.lastIndexOf(';'),
		window.lastIndexOf('\n'),
		window.lastIndexOf('{'),
	);
	const from = at - window.length + statement + 1;
	return oneLine(script.code.slice(from, Math.min(script.code.length, from + 180)));
}

export function oneLine(text: string, max = 200): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Absolute URLs (http, https or protocol-relative) written in a script, at most 64, each ≤ 500 characters. */
export function urlsIn(
	script: Script,
	page: Page,
	mustContain: string,
): Array<{ url: URL; at: number }> {
	const found: Array<{ url: URL; at: number }> = [];
	let at = script.code.indexOf(mustContain);
	while (at !== -1 && found.length < 64) {
		// Walk back to the opening quote and forward to the closing one; both bounded.
		let start = at;
		while (start > 0 && at - start < 300 && !/["'`\s(]/.test(script.code[start - 1])) start--;
		let end = at;
		while (end < script.code.length && end - at < 500 && !/["'`\s)<>]/.test(script.code[end]))
			end++;
		const url = page.resolve(script.code.slice(start, end));
		if (url) found.push({ url, at: start });
		at = script.code.indexOf(mustContain, end);
	}
	return found;
}

/**
 * Keys seen in several places (a widget, a render call, a script URL): one entry per key in page
 * order, each with what every sighting added.
 */
export class Sightings<T extends { at: number; evidence: string }> {
	private readonly byKey = new Map<string, T[]>();

	add(key: string, sighting: T): void {
		const list = this.byKey.get(key);
		if (list) {
			if (list.length < 32) list.push(sighting);
		} else if (this.byKey.size < 64) this.byKey.set(key, [sighting]);
	}

	has(key: string): boolean {
		return this.byKey.has(key);
	}

	entries(): Array<[string, T[]]> {
		return [...this.byKey.entries()];
	}
}

/** The Found for a key: page position and evidence from its first sighting. */
export function found(
	taskType: string | null,
	values: IDataObject,
	first: { at: number; evidence: string },
	extra: Partial<Found> = {},
): Found {
	return { taskType, values, at: first.at, evidence: first.evidence, ...extra };
}

/** Drops undefined values, so that only what was found is sent. */
export function compact(values: Record<string, unknown>): IDataObject {
	return Object.fromEntries(
		Object.entries(values).filter(([, value]) => value !== undefined && value !== ''),
	) as IDataObject;
}

export function firstOf<T, V>(items: T[], pick: (item: T) => V | undefined): V | undefined {
	for (const item of items) {
		const value = pick(item);
		if (value !== undefined) return value;
	}
	return undefined;
}

export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
