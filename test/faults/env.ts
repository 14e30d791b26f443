/**
 * For the ts-node scripts (fault suite, benchmark): what test/setup/env.js does for jest — n8n-core
 * writes an encryption key into $N8N_USER_FOLDER/.n8n on first use, so point it at a throw-away
 * folder — plus removing that folder when the script exits. Import this before anything that
 * loads n8n-core.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'capmonster-n8n-script-'));
	process.env.N8N_USER_FOLDER = folder;
	process.on('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
}
process.env.N8N_ENCRYPTION_KEY ??= 'capmonster-test-encryption-key';
