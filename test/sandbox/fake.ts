/**
 * Random material for fake solutions. Tokens come from crypto so every issued token is unique
 * (the demo form accepts each token once); the seeded PRNG is for things tests want to
 * reproduce (probabilistic faults, demo captcha texts).
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** mulberry32: tiny, fast, deterministic PRNG returning floats in [0, 1). */
export function createRng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const fake = {
	/** URL-safe base64 text of exactly `length` characters. */
	b64url(length: number): string {
		return randomBytes(Math.ceil((length * 3) / 4) + 3)
			.toString('base64url')
			.slice(0, length);
	},
	/** Standard base64 (with padding) of `bytes` random bytes. */
	b64(bytes: number): string {
		return randomBytes(bytes).toString('base64');
	},
	hex(length: number): string {
		return randomBytes(Math.ceil(length / 2))
			.toString('hex')
			.slice(0, length);
	},
	digits(length: number): string {
		let out = '';
		for (let i = 0; i < length; i++) out += String(randomInt(10));
		return out;
	},
	/** Integer in [min, max]. */
	int(min: number, max: number): number {
		return randomInt(min, max + 1);
	},
	uuid(): string {
		return randomUUID();
	},
	unixSeconds(): number {
		return Math.floor(Date.now() / 1000);
	},
};
