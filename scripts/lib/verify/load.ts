/**
 * Load the packed package the way n8n's loader does, in a separate Node process: require every
 * `n8n.nodes` / `n8n.credentials` entry from the extracted tarball (with `n8n-workflow` from this
 * repo's node_modules standing in for n8n's copy), take the class named after the file, create
 * it, and check what the loader reads next: the description, the `file:` icons and the codex
 * file next to each node, and that the credentials the nodes ask for are shipped.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { Finding } from './findings';

const PROBE = String.raw`
const fs = require('fs');
const path = require('path');
const dir = process.argv[1];
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const problems = [];
const summary = { nodes: [], credentials: [] };
const credentialNames = new Set();
const requested = [];
function icons(icon, base, what) {
	const list = icon && typeof icon === 'object' ? Object.values(icon) : icon ? [icon] : [];
	if (!list.length) problems.push([what, 'has no icon']);
	for (const i of list) {
		if (typeof i === 'string' && i.startsWith('file:')) {
			const f = path.join(base, i.slice(5));
			if (!fs.existsSync(f)) problems.push([what, 'icon ' + i + ' is not in the tarball (' + path.relative(dir, f) + ')']);
		}
	}
}
for (const kind of ['credentials', 'nodes']) {
	for (const rel of (pkg.n8n && pkg.n8n[kind]) || []) {
		const file = path.join(dir, rel);
		const className = path.basename(rel).replace(/\.(node|credentials)\.js$/, '');
		let instance;
		try {
			const mod = require(file);
			const Cls = mod[className];
			if (typeof Cls !== 'function') { problems.push([rel, 'exports no class named ' + className + ' (n8n loads the class named after the file)']); continue; }
			instance = new Cls();
		} catch (e) { problems.push([rel, 'cannot be loaded: ' + String(e && e.message).split('\n')[0]]); continue; }
		const base = path.dirname(file);
		if (kind === 'credentials') {
			if (!instance.name || !instance.displayName || !Array.isArray(instance.properties)) problems.push([rel, 'credential lacks name, displayName or properties']);
			credentialNames.add(instance.name);
			icons(instance.icon, base, rel);
			summary.credentials.push(instance.name);
		} else {
			const d = instance.description || (instance.nodeVersions && Object.values(instance.nodeVersions)[0].description);
			if (!d || !d.name || !d.displayName) { problems.push([rel, 'node has no description with name and displayName']); continue; }
			icons(d.icon, base, rel);
			for (const c of d.credentials || []) requested.push([rel, c.name]);
			const codex = file.replace(/\.js$/, '.json');
			if (!fs.existsSync(codex)) problems.push([rel, 'codex file ' + path.relative(dir, codex) + ' is not in the tarball']);
			else {
				const node = JSON.parse(fs.readFileSync(codex, 'utf8')).node;
				if (node !== pkg.name + '.' + d.name) problems.push([path.relative(dir, codex), 'codex "node" is ' + JSON.stringify(node) + ', expected ' + JSON.stringify(pkg.name + '.' + d.name)]);
			}
			summary.nodes.push(pkg.name + '.' + d.name);
		}
	}
}
for (const [rel, name] of requested) if (!credentialNames.has(name)) problems.push([rel, 'uses credential ' + name + ', which the package does not ship']);
process.stdout.write(JSON.stringify({ problems, summary }));
process.exit(0);
`;

export interface LoadResult {
	findings: Finding[];
	nodes: string[];
	credentials: string[];
}

export function loadCheck(packageDir: string, repoRoot: string): LoadResult {
	const r = spawnSync(process.execPath, ['-e', PROBE, packageDir], {
		encoding: 'utf8',
		timeout: 60_000,
		env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') },
	});
	const fail = (message: string): LoadResult => ({
		findings: [{ check: 'load', severity: 'error', rule: 'verify/load', message }],
		nodes: [],
		credentials: [],
	});
	if (r.status !== 0) return fail(`loading the packed package failed: ${r.stderr || r.error}`);
	let out: {
		problems: Array<[string, string]>;
		summary: { nodes: string[]; credentials: string[] };
	};
	try {
		out = JSON.parse(r.stdout) as typeof out;
	} catch {
		return fail(`unexpected output from the load probe: ${r.stdout.slice(0, 500)}`);
	}
	return {
		findings: out.problems.map(([file, message]) => ({
			check: 'load',
			severity: 'error',
			rule: 'verify/load',
			message,
			file: `<tarball>/${file}`,
		})),
		nodes: out.summary.nodes,
		credentials: out.summary.credentials,
	};
}
