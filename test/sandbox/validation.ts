/**
 * Generic createTask validation driven by the declarations in `taskTypes.ts`: resolves the
 * type/class/variant, rejects what the service would reject (with the service's error codes) and
 * collects warnings for everything the declaration does not know — unknown fields, wrong JSON
 * types, proxy fields sent to a task that runs on the service's proxies. Tests assert that the
 * node's request bodies produce no warnings, so the warnings are precise and type-aware.
 */
import type { ApiError } from './errors';
import { apiError } from './errors';
import type { JsonObject, JsonType } from './fields';
import { TaskView, isEmptyValue, isPlainObject, jsonTypeOf, matchesJsonType } from './fields';
import type {
	FieldInput,
	FieldSpec,
	ProxyRule,
	TaskTypeDeclaration,
	TaskVariant,
} from './taskTypes';
import {
	COMMON_FIELDS,
	PROXY_FIELDS,
	PROXY_TYPES,
	UNSUPPORTED_TYPES,
	declarationsForType,
	declaredTypeName,
} from './taskTypes';

export const MIN_IMAGE_BYTES = 100;
export const MAX_IMAGE_BYTES = 50 * 1024;

export type TaskCheck =
	| {
			ok: true;
			declaration: TaskTypeDeclaration;
			variant?: TaskVariant;
			view: TaskView;
			proxyRule: ProxyRule;
			warnings: string[];
			costUnits: number;
	  }
	| { ok: false; error: ApiError };

const fail = (code: string, description?: string): TaskCheck => ({
	ok: false,
	error: apiError(code, description),
});
const invalid = (description: string): TaskCheck => fail('InputValidationError', description);

function toSpec(input: FieldInput): FieldSpec {
	return typeof input === 'string' ? { types: [input] } : input;
}

export function checkTask(task: unknown): TaskCheck {
	if (!isPlainObject(task)) return fail('ERROR_TASK_ABSENT');
	const view = new TaskView(task);
	const warnings: string[] = [];

	// ---- type and class --------------------------------------------------------------------
	const type = view.get('type');
	if (typeof type !== 'string' || type === '')
		return fail('ERROR_TASK_NOT_SUPPORTED', 'task.type is missing');
	if (UNSUPPORTED_TYPES[type.toLowerCase()])
		return fail('ERROR_TASK_NOT_SUPPORTED', UNSUPPORTED_TYPES[type.toLowerCase()]);
	const candidates = declarationsForType(type);
	if (candidates.length === 0)
		return fail('ERROR_TASK_NOT_SUPPORTED', `Task type '${type}' is not supported`);
	let declaration = candidates[0];
	if (declaration.class !== undefined) {
		const cls = view.get('class');
		if (typeof cls !== 'string' || cls === '')
			return invalid(`class: required field is missing for ${declaration.type}`);
		// Class names are matched case-insensitively, as the service appears to (https://docs.capmonster.cloud/docs/captchas/).
		const match = candidates.find(
			(candidate) => candidate.class?.toLowerCase() === cls.toLowerCase(),
		);
		if (!match)
			return fail(
				'ERROR_TASK_NOT_SUPPORTED',
				`${declaration.type} class '${cls}' is not supported`,
			);
		declaration = match;
	}
	const typeName = declaredTypeName(declaration, type);
	if (typeName !== type) warnings.push(`type '${type}' matched '${typeName}' case-insensitively`);

	let variant: TaskVariant | undefined;
	if (declaration.variants) {
		variant = declaration.variants.find((candidate) => candidate.when(view));
		if (!variant)
			return invalid(declaration.noVariant ?? `No variant of ${declaration.title} matches`);
	}

	// Legacy "…Proxyless" names ran on the service's proxies only.
	let proxyRule = variant?.proxy ?? declaration.proxy;
	if (typeName !== declaration.type && /proxyless$/i.test(typeName) && proxyRule === 'optional')
		proxyRule = 'none';

	const fields: Record<string, FieldSpec> = {};
	for (const [path, input] of Object.entries({ ...declaration.fields, ...variant?.fields }))
		fields[path] = toSpec(input);
	const label = variant ? `${declaration.title} (${variant.name})` : declaration.title;

	// ---- required fields, alternatives ---------------------------------------------------
	for (const [path, spec] of Object.entries(fields)) {
		if (!spec.required) continue;
		const value = view.get(path);
		const missing =
			spec.required === 'present' ? value === undefined || value === null : isEmptyValue(value);
		if (missing) return invalid(`${path}: required field is missing or empty (${label})`);
		// Only structural mismatches are fatal; scalar mismatches (4 vs '4') become warnings below.
		if (structurallyWrong(value, spec))
			return invalid(`${path}: must be ${spec.types.join(' or ')}, got ${jsonTypeOf(value)}`);
	}
	for (const group of [...(declaration.anyOf ?? []), ...(variant?.anyOf ?? [])])
		if (!group.some((path) => view.has(path)))
			return invalid(`${group.join(' or ')}: one of these fields is required (${label})`);

	// ---- formats the service checks at creation --------------------------------------------
	const websiteURL = view.get('websiteURL');
	if (typeof websiteURL === 'string' && websiteURL !== '' && !isHttpUrl(websiteURL))
		return fail(
			'ERROR_RECAPTCHA_INVALID_DOMAIN',
			`websiteURL '${websiteURL}' is not an http:// or https:// URL`,
		);

	const proxyError = checkProxy(view, proxyRule, label, warnings);
	if (proxyError) return { ok: false, error: proxyError };

	for (const [path, spec] of Object.entries(fields)) {
		if (!spec.image) continue;
		const error = checkImages(path, view.get(path), warnings);
		if (error) return { ok: false, error };
	}

	for (const extra of [declaration.check?.(view, variant), variant?.check?.(view)]) {
		if (extra?.error) return { ok: false, error: extra.error };
		warnings.push(...(extra?.warnings ?? []));
	}

	// ---- everything the declaration does not know -----------------------------------------
	const known = new Map<string, { path: string; spec: FieldSpec }>();
	const add = (path: string, spec: FieldSpec): void => {
		known.set(path.toLowerCase(), { path, spec });
	};
	add('type', { types: ['string'] });
	if (declaration.class !== undefined) add('class', { types: ['string'] });
	for (const [path, input] of Object.entries(COMMON_FIELDS)) add(path, toSpec(input));
	// Proxy fields are always "known": on a proxy-less type checkProxy already warned about them.
	for (const [path, jsonType] of Object.entries(PROXY_FIELDS)) add(path, { types: [jsonType] });
	for (const [path, spec] of Object.entries(fields)) add(path, spec);
	const containers = new Map<string, string>();
	for (const { path } of known.values()) {
		const segments = path.split('.');
		for (let i = 1; i < segments.length; i++) {
			const container = segments.slice(0, i).join('.');
			containers.set(container.toLowerCase(), container);
		}
	}
	walkFields(task, '', known, containers, label, warnings);

	return {
		ok: true,
		declaration,
		variant,
		view,
		proxyRule,
		warnings,
		costUnits: declaration.costUnits?.(view) ?? 1,
	};
}

/** Object vs array vs scalar mismatch — the kind of wrong type the service cannot coerce. */
function structurallyWrong(value: unknown, spec: FieldSpec): boolean {
	const shapeOf = (type: JsonType): string =>
		type === 'object' ? 'object' : type === 'array' || type === 'string[]' ? 'array' : 'scalar';
	const shape = Array.isArray(value) ? 'array' : isPlainObject(value) ? 'object' : 'scalar';
	return !spec.types.some((type) => shapeOf(type) === shape);
}

export function isHttpUrl(value: string): boolean {
	if (!/^https?:\/\//i.test(value)) return false;
	try {
		return new URL(value).hostname !== '';
	} catch {
		return false;
	}
}

function checkProxy(
	view: TaskView,
	rule: ProxyRule,
	label: string,
	warnings: string[],
): ApiError | undefined {
	const sent = Object.keys(PROXY_FIELDS).filter((field) => view.find(field) !== undefined);
	if (rule === 'none') {
		for (const field of sent)
			warnings.push(
				`${field}: ${label} takes no proxy (it runs on the service's proxies); the field is ignored`,
			);
		return undefined;
	}
	const given = sent.filter((field) => view.has(field));
	if (given.length === 0)
		return rule === 'required'
			? apiError(
					'ERROR_PROXY_MISSING',
					`${label} requires a proxy: proxyType, proxyAddress and proxyPort are missing`,
				)
			: undefined;
	const missing = ['proxyType', 'proxyAddress', 'proxyPort'].filter((field) => !view.has(field));
	if (missing.length > 0)
		return apiError('ERROR_PROXY_MISSING', `Incomplete proxy: ${missing.join(', ')} missing`);
	const proxyType = String(view.get('proxyType')).toLowerCase();
	if (!(PROXY_TYPES as readonly string[]).includes(proxyType))
		return apiError(
			'ERROR_PROXY_MISSING',
			`proxyType '${view.get('proxyType')}' is not one of ${PROXY_TYPES.join(', ')}`,
		);
	const port = view.get('proxyPort');
	const portNumber =
		typeof port === 'number'
			? port
			: typeof port === 'string' && /^\d+$/.test(port)
				? Number(port)
				: NaN;
	if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535)
		return apiError(
			'ERROR_PROXY_MISSING',
			`proxyPort '${String(port)}' is not an integer between 1 and 65535`,
		);
	return undefined;
}

function checkImages(path: string, value: unknown, warnings: string[]): ApiError | undefined {
	const images = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
	for (const [index, image] of images.entries()) {
		if (typeof image !== 'string') continue; // reported as a type warning
		const name = Array.isArray(value) ? `${path}[${index}]` : path;
		let data = image;
		if (/^data:/i.test(data)) {
			warnings.push(`${name}: has a data: URL prefix; the documented format is plain base64`);
			data = data.replace(/^data:[^,]*,/i, '');
		}
		if (/\s/.test(data)) {
			warnings.push(
				`${name}: base64 contains whitespace/line breaks; the documented format has none`,
			);
			data = data.replace(/\s+/g, '');
		}
		if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(data))
			return apiError('InputValidationError', `${name}: is not valid base64`);
		const size = Buffer.from(data, 'base64').length;
		if (size < MIN_IMAGE_BYTES)
			return apiError(
				'ERROR_ZERO_CAPTCHA_FILESIZE',
				`${name}: image is ${size} bytes, less than ${MIN_IMAGE_BYTES} bytes`,
			);
		if (size > MAX_IMAGE_BYTES)
			return apiError(
				'ERROR_TOO_BIG_CAPTCHA_FILESIZE',
				`${name}: image is ${size} bytes, more than 50 KB`,
			);
	}
	return undefined;
}

function walkFields(
	obj: JsonObject,
	prefix: string,
	known: Map<string, { path: string; spec: FieldSpec }>,
	containers: Map<string, string>,
	label: string,
	warnings: string[],
): void {
	for (const [key, value] of Object.entries(obj)) {
		const path = prefix ? `${prefix}.${key}` : key;
		const entry = known.get(path.toLowerCase());
		const container = containers.get(path.toLowerCase());
		if (entry) {
			if (entry.path !== path)
				warnings.push(
					`${path}: matched '${entry.path}' case-insensitively; the documented spelling is '${entry.path}'`,
				);
			checkValue(path, value, entry.spec, warnings);
		} else if (container !== undefined) {
			if (container !== path) warnings.push(`${path}: the documented spelling is '${container}'`);
			if (isPlainObject(value)) walkFields(value, path, known, containers, label, warnings);
			else warnings.push(`${path}: should be an object, got ${jsonTypeOf(value)}`);
		} else {
			warnings.push(`${path}: unknown field (${jsonTypeOf(value)}) for ${label}`);
		}
	}
}

function checkValue(path: string, value: unknown, spec: FieldSpec, warnings: string[]): void {
	if (value === null) {
		warnings.push(`${path}: is null; omit the field instead`);
		return;
	}
	if (!spec.types.some((type) => matchesJsonType(value, type))) {
		warnings.push(`${path}: should be ${spec.types.join(' or ')}, got ${jsonTypeOf(value)}`);
		return;
	}
	if (spec.values && !spec.values.includes(value as string | number | boolean))
		warnings.push(
			`${path}: ${JSON.stringify(value)} is not one of the documented values ${JSON.stringify(spec.values)}`,
		);
	if (
		typeof value === 'number' &&
		((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max))
	)
		warnings.push(
			`${path}: ${value} is outside the documented range ${spec.min ?? '-∞'}..${spec.max ?? '∞'}`,
		);
}
