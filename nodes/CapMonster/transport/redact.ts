/**
 * A server (or a gateway that echoes requests) can put the API key into an error text, a redirect's
 * Location or any field of an answer. Every text that came from the wire passes through here before
 * the node uses it anywhere, so the key never reaches an output, an error, a log or run data.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const REDACTED = '[redacted]';

/** Shorter values are not treated as secrets: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 6;

/** The key as typed and as sent: with and without its `__` options (`__nocache`, …). */
export function secretsOf(credentials: ICredentialDataDecryptedObject | undefined): string[] {
	const typed = typeof credentials?.apiKey === 'string' ? credentials.apiKey.trim() : '';
	const base = typed.split('__')[0];
	return [...new Set([typed, base])]
		.filter((secret) => secret.length >= MIN_SECRET_LENGTH)
		.sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of each secret, in any letter case. */
export function redact(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) {
		const lowerSecret = secret.toLowerCase();
		// Cheap test first: most texts hold no secret.
		if (!result.toLowerCase().includes(lowerSecret)) continue;
		result = result.replace(new RegExp(escapeRegExp(secret), 'gi'), REDACTED);
	}
	return result;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
