/**
 * Finds the captchas in a page's HTML: which task type each one is and the values its Create Task
 * fields need (site key, action, script URLs…). Static markup and inline scripts only: nothing is
 * run and nothing is fetched. One pass of the tokenizer (html.ts) feeds every recogniser
 * (recognisers/, one module per captcha family) the tags and scripts that mention its triggers.
 */
import type { IDataObject } from 'n8n-workflow';

import { findTaskType } from '../taskTypes';
import type { TaskTypeSpec } from '../taskTypes';
import { tokenize } from './html';
import { cleanScript } from './js';
import { RECOGNISERS } from './recognisers';
import { oneLine } from './recognisers/shared';
import type { Found, Page, RecogniserRun } from './types';

export { RECOGNISERS } from './recognisers';

/** At most this many captchas are reported for one page. */
export const MAX_CAPTCHAS = 32;

export interface Detection {
	/** Our Task Type option value, or null when CapMonster does not solve it. */
	taskType: string | null;
	name: string;
	websiteURL: string | null;
	/** The captcha's key (site key, gt, public key…), or null for types that have none. */
	websiteKey: string | null;
	supported: boolean;
	reason?: string;
	/** Field values by the task type's field names, websiteURL included; what Create Task is built from. */
	values: IDataObject;
	/** Display names of required fields whose value is not in the page. */
	missing: string[];
	note?: string;
	evidence: string;
}

/** Any recogniser's trigger word: tags and scripts without one are not looked at further. */
const TRIGGERS = new RegExp(
	RECOGNISERS.flatMap((recogniser) => recogniser.triggers)
		.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('|'),
	'i',
);

/** The field holding a type's key, in the order they are tried. */
const KEY_FIELDS = ['websiteKey', 'gt', 'websitePublicKey'];
/** Required fields that come from the node's own options, not from the page. */
const FROM_OPTIONS = new Set(['userAgent']);

export function detectCaptchas(html: string, pageUrl?: string): Detection[] {
	const page = makePage(html, pageUrl);
	const runs: Array<{ triggers: string[]; run: RecogniserRun }> = RECOGNISERS.map((recogniser) => ({
		triggers: recogniser.triggers,
		run: recogniser.start(page),
	}));
	tokenize(html, {
		wants: (raw) => TRIGGERS.test(raw),
		tag(tag, raw) {
			const lower = raw.toLowerCase();
			for (const { triggers, run } of runs)
				if (run.tag && triggers.some((word) => lower.includes(word))) run.tag(tag);
			if (tag.name === 'base' && tag.attrs.href) setBase(tag.attrs.href);
		},
		script(text, start, tag) {
			if (!TRIGGERS.test(text)) return;
			const code = cleanScript(text);
			const lower = code.toLowerCase();
			const script = { code, start, tag };
			for (const { triggers, run } of runs)
				if (run.script && triggers.some((word) => lower.includes(word))) run.script(script);
		},
	});
	function setBase(href: string): void {
		const resolved = page.resolve(href);
		if (resolved) page.base = resolved;
	}

	const found = runs.flatMap(({ run }) => run.finish()).sort((a, b) => a.at - b.at);
	const seen = new Set<string>();
	const detections: Detection[] = [];
	for (const item of found) {
		const detection = toDetection(item, pageUrl);
		const identity = `${detection.taskType ?? detection.name}|${detection.websiteKey ?? JSON.stringify(detection.values)}`;
		if (seen.has(identity)) continue;
		seen.add(identity);
		detections.push(detection);
		if (detections.length >= MAX_CAPTCHAS) break;
	}
	return detections;
}

function toDetection(item: Found, pageUrl: string | undefined): Detection {
	const type = item.taskType ? findTaskType(item.taskType) : undefined;
	const values: IDataObject = { ...(pageUrl ? { websiteURL: pageUrl } : {}), ...item.values };
	const keyField = KEY_FIELDS.find((name) => typeof values[name] === 'string');
	return {
		taskType: type?.value ?? null,
		name: type?.name ?? item.name ?? 'Unknown captcha',
		websiteURL: pageUrl ?? null,
		websiteKey: keyField ? (values[keyField] as string) : null,
		supported: Boolean(type),
		...(item.reason ? { reason: item.reason } : {}),
		values,
		missing: type ? missingFields(type, values) : [],
		...(item.note ? { note: item.note } : {}),
		evidence: item.evidence,
	};
}

function missingFields(type: TaskTypeSpec, values: IDataObject): string[] {
	return type.fields
		.filter((spec) => spec.required && !FROM_OPTIONS.has(spec.name))
		.filter((spec) => values[spec.name] === undefined || values[spec.name] === '')
		.map((spec) => spec.displayName);
}

interface MutablePage extends Page {
	base?: URL;
}

function makePage(html: string, pageUrl: string | undefined): MutablePage {
	let url: URL | undefined;
	try {
		url = pageUrl ? new URL(pageUrl) : undefined;
	} catch {
		url = undefined;
	}
	const page: MutablePage = {
		url: pageUrl,
		resolve(href: string) {
			const text = href.trim();
			if (!text || text.length > 2000) return undefined;
			// Without a page URL a relative address cannot be made absolute.
			if (!page.base && !url && !/^(https?:)?\/\//i.test(text)) return undefined;
			try {
				const resolved = new URL(text, page.base ?? url ?? 'https://page.invalid/');
				if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') return undefined;
				return resolved;
			} catch {
				return undefined;
			}
		},
		excerpt(start: number, end: number) {
			return oneLine(html.slice(start, Math.min(end, start + 400)));
		},
	};
	return page;
}

/** A detection as the node outputs it: the task's values at the top level, with the detection's own keys. */
export function detectionJson(detection: Detection): IDataObject {
	const { values, ...rest } = detection;
	const json: IDataObject = {
		taskType: rest.taskType,
		name: rest.name,
		websiteURL: rest.websiteURL,
		websiteKey: rest.websiteKey,
		supported: rest.supported,
	};
	if (rest.reason) json.reason = rest.reason;
	for (const [name, value] of Object.entries(values)) if (!(name in json)) json[name] = value;
	json.missing = rest.missing;
	if (rest.note) json.note = rest.note;
	json.evidence = rest.evidence;
	return json;
}
