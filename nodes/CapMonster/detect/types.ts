/** The contract between the page scanner (scan.ts) and the recognisers (one module per captcha family). */
import type { IDataObject } from 'n8n-workflow';

import type { Tag } from './html';

export type { Tag } from './html';

/** An inline script after comment removal. */
export interface Script {
	code: string;
	/** Offset of the script in the page (for page order). */
	start: number;
	/** The <script> tag, when it interested a recogniser. */
	tag?: Tag;
}

/** What every recogniser may ask about the page. */
export interface Page {
	/** The page URL as given (websiteURL), if any. */
	url?: string;
	/** An absolute http(s) URL for `href` relative to the page (and its <base href>), or undefined. */
	resolve(href: string): URL | undefined;
	/** A short excerpt of the page's markup for `evidence`. */
	excerpt(start: number, end: number): string;
}

export interface Found {
	/** Our Task Type option value (`recaptchaV2`, …), or null for captchas CapMonster does not solve. */
	taskType: string | null;
	/** Shown name when there is no task type (e.g. hCaptcha). */
	name?: string;
	/** Field values by the task type's field names (`websiteKey`, `isInvisible`, `metadata.…` fields by name). */
	values: IDataObject;
	/** Why CapMonster cannot solve it (only for taskType null). */
	reason?: string;
	/** What the user still has to do, e.g. where a value that is not in the page comes from. */
	note?: string;
	/** Page offset of the first markup it was found in: captchas are listed in page order. */
	at: number;
	evidence: string;
}

/** One family's recogniser for one page: sees the tags and scripts that mention its triggers. */
export interface RecogniserRun {
	tag?(tag: Tag): void;
	script?(script: Script): void;
	/** Called once the whole page was seen; returns what the family found, at most one per key. */
	finish(): Found[];
}

export interface Recogniser {
	family: string;
	/** Lower-case words; a tag or script without any of them is never shown to this recogniser. */
	triggers: string[];
	/** Task types this family can produce (checked against the catalogue by the tests). */
	taskTypes: string[];
	start(page: Page): RecogniserRun;
}
