/**
 * The demo text captcha: a small grayscale PNG drawn in code (5x7 bitmap font, deterministic
 * speckle noise), plus the rule the sandbox uses to "recognise" any image.
 *
 * The answer travels inside the PNG as a tEXt chunk; `answerForImage` only trusts it when
 * re-rendering that text reproduces the image byte for byte, so a demo image is solved with the
 * text it shows and any other image gets a stable pseudo-answer derived from its bytes.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** Characters the font can draw; the random demo answers use the unambiguous subset. */
const FONT: Record<string, string> = {
	A: '0E11111F111111',
	B: '1E11111E11111E',
	C: '0E11101010110E',
	D: '1C12111111121C',
	E: '1F10101E10101F',
	F: '1F10101E101010',
	G: '0E11101711110F',
	H: '1111111F111111',
	I: '0E04040404040E',
	J: '0702020202120C',
	K: '11121418141211',
	L: '1010101010101F',
	M: '111B1515111111',
	N: '11111915131111',
	O: '0E11111111110E',
	P: '1E11111E101010',
	Q: '0E11111115120D',
	R: '1E11111E141211',
	S: '0F10100E01011E',
	T: '1F040404040404',
	U: '1111111111110E',
	V: '11111111110A04',
	W: '1111111515150A',
	X: '11110A040A1111',
	Y: '1111110A040404',
	Z: '1F01020408101F',
	'0': '0E11131519110E',
	'1': '040C040404040E',
	'2': '0E11010204081F',
	'3': '1F02040201110E',
	'4': '02060A121F0202',
	'5': '1F101E0101110E',
	'6': '0608101E11110E',
	'7': '1F010204080808',
	'8': '0E11110E11110E',
	'9': '0E11110F01020C',
};

export const CAPTCHA_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ23456789';

const ANSWER_KEYWORD = 'sandbox-answer';
const SCALE = 3;
const GLYPH_W = 5 * SCALE;
const GLYPH_H = 7 * SCALE;
const GAP = 6;
const MARGIN = 10;
const HEIGHT = GLYPH_H + 2 * MARGIN + 4;

/** Upper-cases and drops characters the font cannot draw (keeps at most 12). */
export function normaliseCaptchaText(text: string): string {
	return text
		.toUpperCase()
		.split('')
		.filter((ch) => FONT[ch] !== undefined)
		.slice(0, 12)
		.join('');
}

export function randomCaptchaText(rng: () => number, length = 6): string {
	let out = '';
	for (let i = 0; i < length; i++)
		out += CAPTCHA_ALPHABET[Math.floor(rng() * CAPTCHA_ALPHABET.length)];
	return out;
}

/** Draws `text` as a grayscale PNG (a few KB). Same text ⇒ same bytes. */
export function renderCaptchaPng(text: string): Buffer {
	const answer = normaliseCaptchaText(text) || 'SANDBOX';
	const width = 2 * MARGIN + answer.length * (GLYPH_W + GAP) - GAP;
	const pixels = Buffer.alloc(width * HEIGHT, 0xf4);
	// Deterministic noise seeded by the text, so rendering is reproducible.
	let seed = createHash('sha256').update(answer).digest().readUInt32LE(0);
	const next = (): number => {
		seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
		return seed / 4294967296;
	};
	for (let i = 0; i < pixels.length; i++)
		if (next() < 0.18) pixels[i] = 0x90 + Math.floor(next() * 0x50);
	answer.split('').forEach((ch, index) => {
		const glyph = FONT[ch];
		const x0 = MARGIN + index * (GLYPH_W + GAP);
		const y0 = MARGIN + Math.floor(next() * 5); // a little vertical jitter per character
		for (let row = 0; row < 7; row++) {
			const bits = parseInt(glyph.slice(row * 2, row * 2 + 2), 16);
			for (let col = 0; col < 5; col++) {
				if ((bits & (0x10 >> col)) === 0) continue;
				for (let dy = 0; dy < SCALE; dy++)
					for (let dx = 0; dx < SCALE; dx++)
						pixels[(y0 + row * SCALE + dy) * width + x0 + col * SCALE + dx] = 0x20;
			}
		}
	});
	// One filter byte (0 = none) before every scanline.
	const raw = Buffer.alloc((width + 1) * HEIGHT);
	for (let y = 0; y < HEIGHT; y++)
		pixels.copy(raw, y * (width + 1) + 1, y * width, (y + 1) * width);

	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(HEIGHT, 4);
	header[8] = 8; // bit depth
	header[9] = 0; // colour type: grayscale
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('tEXt', Buffer.from(`${ANSWER_KEYWORD}\0${answer}`, 'latin1')),
		pngChunk('IDAT', deflateSync(raw, { level: 9 })),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * The text the sandbox "recognises" in an image: the drawn text for a demo captcha, otherwise
 * the first 6 hex characters of the image's SHA-256, upper-cased.
 */
export function answerForImage(buf: Buffer): string {
	const embedded = readAnswerChunk(buf);
	if (embedded !== undefined && renderCaptchaPng(embedded).equals(buf)) return embedded;
	return createHash('sha256').update(buf).digest('hex').slice(0, 6).toUpperCase();
}

function readAnswerChunk(buf: Buffer): string | undefined {
	if (buf.length < 8 || buf.readUInt32BE(0) !== 0x89504e47) return undefined;
	let offset = 8;
	while (offset + 8 <= buf.length) {
		const length = buf.readUInt32BE(offset);
		const type = buf.toString('latin1', offset + 4, offset + 8);
		const data = buf.subarray(offset + 8, offset + 8 + length);
		if (type === 'tEXt') {
			const [keyword, value] = data.toString('latin1').split('\0');
			if (keyword === ANSWER_KEYWORD) return value;
		}
		if (type === 'IDAT' || type === 'IEND') return undefined;
		offset += 12 + length;
	}
	return undefined;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length, 0);
	const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeAndData), 0);
	return Buffer.concat([length, typeAndData, crc]);
}

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(buf: Buffer): number {
	let crc = 0xffffffff;
	for (let i = 0; i < buf.length; i++) crc = CRC_TABLE[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}
