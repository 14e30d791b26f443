/**
 * Debian's Chromium driven by playwright-core (no browser download from the internet): the
 * binary comes from apt (`chromium`) when missing.
 */
import { chromium, type Browser } from 'playwright-core';
import { ensureAptBinary } from './apt';

export const CHROMIUM_BIN = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function ensureChromium(): Promise<string> {
	return ensureAptBinary(CHROMIUM_BIN, 'chromium');
}

export async function launchChromium(): Promise<Browser> {
	const executablePath = await ensureChromium();
	return chromium.launch({
		executablePath,
		headless: true,
		// No sandbox (root in containers), no GPU, and nothing that talks to Google's servers.
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}
