/**
 * The shape of a task-type declaration. Each CapMonster task type is declared once (see catalogue/);
 * its n8n fields (properties.ts) and its createTask body (build.ts) are both derived from it.
 */
import type { IDataObject } from 'n8n-workflow';

/** Which polling timings the solver uses for a type (the table is solver/timing.ts). */
export type TimingProfile = 'recaptcha' | 'image' | 'token' | 'short' | 'long';

export type FieldKind =
	/** Free text, sent as a string. */
	| 'string'
	/** A full http(s) URL, sent as a string. */
	| 'url'
	/** A number (range-checked), sent as a number. */
	| 'number'
	/** A whole number (range-checked), sent as an integer. */
	| 'integer'
	/** A toggle, sent as true/false. */
	| 'boolean'
	/** A toggle sent as 1/0 (e.g. ImageToText `numeric`). */
	| 'bit'
	/** One of `options`, sent as the option's value. */
	| 'options'
	/** JSON text (or an object from an expression) that must be an object; sent as that object. */
	| 'jsonObject'
	/** Plain text that the API wants as a JSON-encoded string (e.g. FunCaptcha `data`). */
	| 'jsonString'
	/** Base64 text (e.g. a whole HTML page); line breaks are removed, anything else not base64 is refused. */
	| 'base64'
	/** A bare host name such as api-na.geetest.com: no scheme, no path. */
	| 'host';

export interface FieldSpec {
	/** n8n parameter name; unique within one task type. */
	name: string;
	displayName: string;
	/** Tells a no-code user what the value is and where to find it on the page. */
	description: string;
	/** Where the value goes in the task object: `websiteURL`, `metadata.captchaUrl`, or `.` to merge an object into the task. */
	path: string;
	kind: FieldKind;
	/** Required fields are shown directly; optional ones sit in the type's Additional Fields. */
	required?: boolean;
	/**
	 * An optional field shown directly with the required ones instead of under Additional Fields
	 * (e.g. one of two alternatives that `check` requires); left out of the task when blank.
	 */
	primary?: boolean;
	/** An empty string is a valid value that must still be sent (e.g. Altcha's websiteKey). */
	sendEmpty?: boolean;
	placeholder?: string;
	default?: string | number | boolean;
	min?: number;
	max?: number;
	options?: Array<{ name: string; value: string | number; description?: string }>;
	/** Multi-line text box. */
	rows?: number;
	/** Hide the value in the editor (e.g. tokens that behave like secrets). */
	password?: boolean;
}

export type ProxyRule = 'none' | 'optional' | 'required';

export interface ImageSpec {
	/** Where base64 images go: a single string (`body`) or an array (`imagesBase64`). */
	base64Path: string;
	/** Where image URLs go, for types whose API accepts URLs. */
	urlPath?: string;
	/** How many images the task takes. */
	min: number;
	max: number;
}

export type TaskCheckProblem = string | { field: string; problem: string };

export interface TaskTypeSpec {
	/** Value of the Task Type option, e.g. `recaptchaV2`. */
	value: string;
	/** Label in the Task Type list. */
	name: string;
	/** One line shown under the label. */
	description: string;
	/** Fixed part of the task object: `type`, and `class` / variant markers where the API has them. */
	task: IDataObject;
	fields: FieldSpec[];
	proxy: ProxyRule;
	/** Whether the API documents `task.nocache` for this type. */
	noCache?: boolean;
	image?: ImageSpec;
	/**
	 * Checks across fields (e.g. "Task or Task Definition") on the finished task object, before anything
	 * is sent. Returns the problem — as `{ field, problem }` to name the field the error is about
	 * (message: `<field> <problem> (item N)`), or as a plain message about the task — or undefined.
	 */
	check?: (task: IDataObject) => TaskCheckProblem | undefined;
	/** The type's main answer, copied to the output's `token`. */
	answer: (solution: IDataObject) => unknown;
	timing: TimingProfile;
	/** Which report operation fits a wrong answer of this type. */
	report: 'token' | 'image';
}
