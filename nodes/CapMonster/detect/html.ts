/**
 * A small HTML tokenizer for captcha detection: one pass from left to right, never backwards, so
 * its time is linear in the page size whatever the input (no regular expression with nested
 * quantifiers runs over the page). It hands over start tags and inline script text only; comments,
 * <pre>/<code>/<textarea>/<xmp> examples and style sheets are skipped, nothing is decoded except
 * attribute values.
 *
 * Attribute maps are built only for tags that contain one of the recognisers' trigger words, so
 * memory stays proportional to what could be a captcha, not to the page.
 */

export interface Tag {
	/** Lower-case tag name. */
	name: string;
	/** Lower-case attribute names → decoded values; the first of repeated attributes wins. */
	attrs: Record<string, string>;
	/** Offsets of `<` and just past `>` in the page. */
	start: number;
	end: number;
}

export interface Visitor {
	/** Whether a tag (its raw text, attributes included) could interest a recogniser. */
	wants(raw: string): boolean;
	tag(tag: Tag, raw: string): void;
	/** The text of an inline <script> (not decoded), and its offset in the page. */
	script(text: string, start: number, tag: Tag | undefined): void;
}

/** Elements whose content is shown as text or is an example, never a live widget. */
const SKIPPED = new Set(['pre', 'code', 'textarea', 'xmp', 'style', 'title', 'template']);

/** Script types that hold markup or templates rather than code or data. */
const TEMPLATE_SCRIPT = /template|html|handlebars|mustache/i;

export function tokenize(html: string, visitor: Visitor): void {
	const length = html.length;
	let i = 0;
	while (i < length) {
		const open = html.indexOf('<', i);
		if (open === -1 || open + 1 >= length) return;
		const next = html.charCodeAt(open + 1);
		if (next === 0x21 /* ! */) {
			if (html.startsWith('<!--', open)) {
				// <!--> and <!---> are empty comments (HTML spec); an unclosed comment runs to the end.
				if (html.startsWith('>', open + 4)) i = open + 5;
				else if (html.startsWith('->', open + 4)) i = open + 6;
				else {
					const close = html.indexOf('-->', open + 4);
					if (close === -1) return;
					i = close + 3;
				}
			} else i = skipTo(html, '>', open + 2);
			continue;
		}
		if (next === 0x3f /* ? */ || next === 0x2f /* / */) {
			i = skipTo(html, '>', open + 2);
			continue;
		}
		if (!isAsciiLetter(next)) {
			i = open + 1;
			continue;
		}
		const shape = readTag(html, open, false);
		if (!shape) return; // an unclosed tag or attribute runs to the end of the page
		const name = shape.name;
		const raw = html.slice(open, shape.end);
		const wanted = visitor.wants(raw);
		const isScript = name === 'script';
		// A script's own attributes (its type) decide whether its text is code, so they are always read.
		const tag: Tag | undefined =
			wanted || isScript
				? { name, attrs: readTag(html, open, true)!.attrs, start: open, end: shape.end }
				: undefined;
		if (isScript) {
			const close = findClosing(html, 'script', shape.end);
			if (wanted) visitor.tag(tag!, raw);
			if (!TEMPLATE_SCRIPT.test(tag!.attrs.type ?? ''))
				visitor.script(html.slice(shape.end, close), shape.end, tag);
			if (close >= length) return;
			i = skipTo(html, '>', close + 2);
			continue;
		}
		if (SKIPPED.has(name)) {
			const close = findClosing(html, name, shape.end);
			if (close >= length) return;
			i = skipTo(html, '>', close + 2);
			continue;
		}
		if (tag) visitor.tag(tag, raw);
		i = shape.end;
	}
}

function isAsciiLetter(code: number): boolean {
	return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

/** Offset just past the next `char` at or after `from`, or the page length. */
function skipTo(html: string, char: string, from: number): number {
	const at = html.indexOf(char, from);
	return at === -1 ? html.length : at + 1;
}

const CLOSERS = new Map<string, RegExp>();

/** Offset of `</name` (any case) at or after `from`, or the page length. A literal pattern: linear. */
function findClosing(html: string, name: string, from: number): number {
	let pattern = CLOSERS.get(name);
	if (!pattern) {
		pattern = new RegExp(`</${name}[\\s/>]`, 'gi');
		CLOSERS.set(name, pattern);
	}
	pattern.lastIndex = from;
	const match = pattern.exec(html);
	return match ? match.index : html.length;
}

interface TagShape {
	name: string;
	end: number;
	attrs: Record<string, string>;
}

/** Reads the start tag at `open`; undefined if the page ends inside it. */
function readTag(html: string, open: number, collect: boolean): TagShape | undefined {
	const length = html.length;
	let i = open + 1;
	while (i < length) {
		const c = html.charCodeAt(i);
		if (isSpace(c) || c === 0x2f || c === 0x3e) break;
		i++;
	}
	const name = html.slice(open + 1, i).toLowerCase();
	const attrs: Record<string, string> = {};
	while (i < length) {
		let c = html.charCodeAt(i);
		if (isSpace(c) || c === 0x2f /* / */) {
			i++;
			continue;
		}
		if (c === 0x3e /* > */) return { name, end: i + 1, attrs };
		const nameStart = i;
		i++;
		while (i < length) {
			c = html.charCodeAt(i);
			if (isSpace(c) || c === 0x2f || c === 0x3e || c === 0x3d /* = */) break;
			i++;
		}
		const attrName = collect ? html.slice(nameStart, i).toLowerCase() : '';
		let j = i;
		while (j < length && isSpace(html.charCodeAt(j))) j++;
		let value = '';
		if (j < length && html.charCodeAt(j) === 0x3d) {
			j++;
			while (j < length && isSpace(html.charCodeAt(j))) j++;
			const quote = html.charCodeAt(j);
			if (quote === 0x22 || quote === 0x27) {
				const close = html.indexOf(quote === 0x22 ? '"' : "'", j + 1);
				if (close === -1) return undefined;
				if (collect) value = html.slice(j + 1, close);
				i = close + 1;
			} else {
				const valueStart = j;
				while (j < length) {
					c = html.charCodeAt(j);
					if (isSpace(c) || c === 0x3e) break;
					j++;
				}
				if (collect) value = html.slice(valueStart, j);
				i = j;
			}
		}
		if (collect && !(attrName in attrs)) attrs[attrName] = decodeEntities(value);
	}
	return undefined;
}

const NAMED_ENTITIES: Record<string, string> = {
	amp: '&',
	quot: '"',
	apos: "'",
	lt: '<',
	gt: '>',
	sol: '/',
	equals: '=',
	colon: ':',
};

/** Decodes the entities that occur in URLs and keys; bounded alternatives, no nesting: linear. */
export function decodeEntities(value: string): string {
	if (!value.includes('&')) return value;
	return value.replace(
		/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});?/g,
		(whole, body: string) => {
			if (body.startsWith('#')) {
				const code =
					body[1] === 'x' || body[1] === 'X'
						? parseInt(body.slice(2), 16)
						: parseInt(body.slice(1), 10);
				return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
			}
			return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
		},
	);
}

/** Whether a class attribute holds the class `name` (a whole token, any case). */
export function hasClass(tag: Tag, name: string): boolean {
	const value = tag.attrs.class;
	if (!value) return false;
	return value.toLowerCase().split(/\s+/).includes(name);
}
