// n8n-core writes an encryption key into $N8N_USER_FOLDER/.n8n/config on first use:
// keep it in a throw-away folder, never in the developer's home.
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'capmonster-n8n-'));
}
process.env.N8N_ENCRYPTION_KEY ??= 'capmonster-test-encryption-key';
