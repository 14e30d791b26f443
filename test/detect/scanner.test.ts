/**
 * The scanner's parts on their own (tokenizer, script cleaning, literal reading), and hostile input:
 * each adversarial page of about 1 MB must be scanned in linear time (a generous bound here; the
 * figures are measured by `npm run bench:detect`).
 */
import { detectCaptchas } from '../../nodes/CapMonster/detect';
import { decodeEntities, tokenize, type Tag } from '../../nodes/CapMonster/detect/html';
import {
	cleanScript,
	readArguments,
	readValue,
	stringProp,
} from '../../nodes/CapMonster/detect/js';

function tags(html: string): Tag[] {
	const found: Tag[] = [];
	tokenize(html, { wants: () => true, tag: (tag) => found.push(tag), script: () => {} });
	return found;
}

describe('tokenizer', () => {
	it('reads attributes in every quoting style, decodes entities, first duplicate wins', () => {
		const [tag] = tags(
			`<DIV Class=g-recaptcha data-sitekey='a&amp;b' data-x="1>2" data-x="no" hidden>`,
		);
		expect(tag.name).toBe('div');
		expect(tag.attrs).toEqual({
			class: 'g-recaptcha',
			'data-sitekey': 'a&b',
			'data-x': '1>2',
			hidden: '',
		});
	});

	it('skips comments, code examples and text areas, but not what follows them', () => {
		const names = tags(
			'<!-- <a> --><pre><b></b></pre><code><i></code><textarea><u></textarea><!--><p><!---><q>',
		).map((tag) => tag.name);
		expect(names).toEqual(['p', 'q']);
	});

	it('hands over script text, not template scripts', () => {
		const scripts: string[] = [];
		tokenize(
			'<script>a()</script><script type="text/x-template"><b></script><SCRIPT>c()</SCRIPT >',
			{
				wants: () => false,
				tag: () => {},
				script: (text) => scripts.push(text),
			},
		);
		expect(scripts).toEqual(['a()', 'c()']);
	});

	it('decodes numeric and named entities only', () => {
		expect(decodeEntities('a&#x2F;b&#47;c&quot;&unknown;&amp')).toBe('a/b/c"&unknown;&');
	});
});

describe('script reading', () => {
	it('removes comments but keeps strings, and neutralises regular expressions', () => {
		expect(
			cleanScript(
				`a = "//keep"; // gone\nb = '/*keep*/'; /* gone */ c = /\\/\\/ x/g; d = 1 / 2 / 3;`,
			),
		).toBe(`a = "//keep"; \n\nb = '/*keep*/';   c = 0; d = 1 / 2 / 3;`);
		expect(cleanScript(`u = "https:\\/\\/www.google.com\\/recaptcha\\/api.js"`)).toBe(
			`u = "https://www.google.com/recaptcha/api.js"`,
		);
	});

	it('reads literal arguments and objects, skipping functions and expressions', () => {
		const code = `render('el', { 'sitekey': "6Lx", size: \`invisible\`, callback: function (t) { return {a: 1}; }, n: 3, ok: !0, theme: cfg.theme, x: 'a' + b })`;
		const args = readArguments(code, code.indexOf('('));
		expect(args[0]).toEqual({ kind: 'string', value: 'el' });
		expect(stringProp(args[1], 'sitekey')).toBe('6Lx');
		expect(stringProp(args[1], 'size')).toBe('invisible');
		expect(stringProp(args[1], 'n')).toBe('3');
		expect(stringProp(args[1], 'x')).toBeUndefined();
		expect(readValue(`{"key":"A\\u0042C"}`, 0)).toEqual({
			kind: 'object',
			value: new Map([['key', { kind: 'string', value: 'ABC' }]]),
		});
	});
});

describe('hostile input', () => {
	const MB = 1024 * 1024;
	const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length));
	const INPUTS: Array<[string, string]> = [
		['repeated partial tags', fill('<div class="g-recaptcha" data-sitekey=')],
		['an unclosed attribute quote', '<div class="g-recaptcha" data-sitekey="' + fill('6Lc')],
		[
			'an unclosed comment',
			'<!--' +
				fill('<div class="g-recaptcha" data-sitekey="6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf">'),
		],
		['an unclosed script', '<script>' + fill('grecaptcha.render("x", {sitekey: "')],
		['repeated script openers', fill('<script>grecaptcha.execute(')],
		['nested braces', '<script>turnstile.render("#x", ' + fill('{') + '</script>'],
		[
			'long whitespace runs between keys',
			'<script>' + fill('gokuProps' + ' '.repeat(200) + '= ') + '</script>',
		],
		['many less-than signs', fill('<')],
		['a huge tag', '<div ' + fill('data-sitekey=6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf ') + '>'],
		[
			'repeated dd objects',
			'<script>' +
				fill("var dd={'cid':'a','hsh':'b','host':'geo.captcha-delivery.com',") +
				'</script>',
		],
		['unterminated strings in scripts', '<script>' + fill('"sitekey": "6L\n') + '</script>'],
		[
			'repeated regex-like slashes',
			'<script>' + fill('a = / recaptcha /; b = 1 / 2;') + '</script>',
		],
	];

	it.each(INPUTS)('%s (1 MB) is scanned in linear time', (_name, html) => {
		const started = process.hrtime.bigint();
		const result = detectCaptchas(html, 'https://example.com/');
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		expect(ms).toBeLessThan(1500);
		expect(result.length).toBeLessThanOrEqual(32);
	});

	it('does not report more than 32 captchas', () => {
		const html =
			'<script src="https://www.google.com/recaptcha/api.js"></script>' +
			Array.from(
				{ length: 100 },
				(_, i) =>
					`<div class="g-recaptcha" data-sitekey="6Lc${String(i).padStart(37, '0')}"></div>`,
			).join('');
		expect(detectCaptchas(html, 'https://example.com/')).toHaveLength(32);
	});
});
