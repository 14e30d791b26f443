/**
 * The tested n8n versions are listed once (scripts/lib/versions.ts); the README's "Tested n8n
 * versions" table and CI's matrix must say the same.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TESTED, nodeFor } from '../scripts/lib/versions';

const ROOT = path.join(__dirname, '..');

function readmeSection(): string {
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const start = readme.indexOf('\n## Tested n8n versions\n');
	expect(start).toBeGreaterThanOrEqual(0);
	const end = readme.indexOf('\n## ', start + 1);
	return readme.slice(start, end < 0 ? undefined : end);
}

describe('tested n8n versions', () => {
	it("the README's table lists exactly the tested versions, each on its Node.js", () => {
		const rows = [...readmeSection().matchAll(/^\| (\d+\.\d+\.\d+) \| ([^|]+?) \|/gm)].map((m) => ({
			n8n: m[1],
			node: m[2],
		}));
		expect(rows).toEqual(
			TESTED.map((t) => ({ n8n: t.n8n, node: t.node === 'system' ? '20' : t.node })),
		);
	});

	it('the README claims support from the floor on, the oldest tested version', () => {
		const floor = TESTED[TESTED.length - 1].n8n;
		expect(readmeSection()).toContain(`**Supported: n8n ${floor} and later`);
		expect(nodeFor(floor)).toBe('system');
	});

	it("CI's e2e matrix is read from the same list", () => {
		const ci = fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8');
		expect(ci).toContain("require('./scripts/lib/versions').TESTED_N8N_VERSIONS");
		expect(ci).toContain('n8n: ${{ fromJSON(needs.checks.outputs.n8n) }}');
	});

	it('n8n versions outside the list run on the Node.js their engines field allows', () => {
		expect(nodeFor('2.8.4')).toBe('system');
		expect(nodeFor('2.10.0')).not.toBe('system');
		expect(nodeFor('1.123.65')).toBe('system');
		expect(nodeFor('1.123.66')).not.toBe('system');
	});
});
