/**
 * The package.json and tarball-content checks of `npm run verify`: what n8n's verification
 * (and its community-package installer) expects of a publishable community node, checked on
 * the package.json that is actually inside the tarball.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { isObject } from '../../../nodes/CapMonster/helpers/utils';

import type { Finding } from './findings';
import { distPathOf, isAsset, isTsSource, shippableSources } from './pack';

export interface PackageJson {
	name?: unknown;
	version?: unknown;
	keywords?: unknown;
	license?: unknown;
	repository?: unknown;
	homepage?: unknown;
	author?: unknown;
	main?: unknown;
	files?: unknown;
	scripts?: Record<string, unknown>;
	dependencies?: Record<string, unknown>;
	optionalDependencies?: Record<string, unknown>;
	bundleDependencies?: unknown;
	bundledDependencies?: unknown;
	peerDependencies?: Record<string, unknown>;
	overrides?: unknown;
	n8n?: { n8nNodesApiVersion?: unknown; nodes?: unknown; credentials?: unknown };
}

/** Install-time hooks n8n's scanner refuses (`no-forbidden-lifecycle-scripts`). */
export const FORBIDDEN_SCRIPTS = [
	'preinstall',
	'install',
	'postinstall',
	'prepublish',
	'preprepare',
	'prepare',
	'postprepare',
];

/** Files the tarball must hold besides the compiled code. */
export const REQUIRED_DOCS = ['package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md'];

const nonEmptyString = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** The node and credential entry files of the `n8n` section. */
export function entryFiles(pkg: PackageJson): string[] {
	const list = (v: unknown) =>
		Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
	return [...list(pkg.n8n?.nodes), ...list(pkg.n8n?.credentials)];
}

export function checkPackageJson(pkg: PackageJson, packedFiles: string[]): Finding[] {
	const findings: Finding[] = [];
	const file = '<tarball>/package.json';
	const add = (rule: string, message: string) =>
		findings.push({
			check: 'package.json',
			severity: 'error',
			rule: `verify/${rule}`,
			message,
			file,
		});

	if (
		typeof pkg.name !== 'string' ||
		!/^(@[a-z0-9][a-z0-9._~-]*\/)?n8n-nodes-[a-z0-9][a-z0-9._~-]*$/.test(pkg.name)
	)
		add('name', `name ${JSON.stringify(pkg.name)} must be n8n-nodes-* or @scope/n8n-nodes-*`);
	if (typeof pkg.version !== 'string' || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(pkg.version))
		add('version', `version ${JSON.stringify(pkg.version)} is not a semver version`);
	if (!Array.isArray(pkg.keywords) || !pkg.keywords.includes('n8n-community-node-package'))
		add('keywords', 'keywords must include "n8n-community-node-package"');
	if (pkg.license !== 'MIT')
		add('license', `license must be "MIT" (is ${JSON.stringify(pkg.license)})`);

	const repoUrl = isObject(pkg.repository) ? pkg.repository.url : pkg.repository;
	if (!nonEmptyString(repoUrl)) add('repository', 'repository (with a url) is missing');
	if (typeof pkg.homepage !== 'string' || !/^https?:\/\//.test(pkg.homepage))
		add('homepage', 'homepage must be an http(s) URL');
	const authorName = isObject(pkg.author) ? pkg.author.name : pkg.author;
	if (!nonEmptyString(authorName)) add('author', 'author (with a name) is missing');

	if (!Array.isArray(pkg.files) || pkg.files.length === 0)
		add('files', '"files" must be a non-empty array (otherwise npm packs the whole repo)');
	if (
		pkg.main !== undefined &&
		!(typeof pkg.main === 'string' && packedFiles.includes(path.posix.normalize(pkg.main)))
	)
		add('main', `"main" (${JSON.stringify(pkg.main)}) is not in the tarball`);

	// The n8n section: what n8n's loader reads.
	if (!isObject(pkg.n8n)) add('n8n', 'the "n8n" section is missing');
	else {
		if (typeof pkg.n8n.n8nNodesApiVersion !== 'number')
			add('n8n', 'n8n.n8nNodesApiVersion must be a number');
		if (!Array.isArray(pkg.n8n.nodes) || pkg.n8n.nodes.length === 0)
			add('n8n', 'n8n.nodes must list at least one node');
		for (const f of entryFiles(pkg)) {
			if (!packedFiles.includes(path.posix.normalize(f)))
				add('n8n-entry', `${f} (listed in the n8n section) is not in the tarball`);
		}
	}

	// Nothing may be installed or run at install time: n8n installs community packages
	// without their dependencies' review and refuses install scripts.
	for (const field of ['dependencies', 'optionalDependencies'] as const) {
		const deps = pkg[field];
		if (deps && Object.keys(deps).length)
			add(
				'no-runtime-dependencies',
				`${field} must be empty (has ${Object.keys(deps).join(', ')})`,
			);
	}
	for (const field of ['bundleDependencies', 'bundledDependencies'] as const) {
		if (pkg[field] !== undefined) add('no-runtime-dependencies', `${field} is not allowed`);
	}
	if (pkg.overrides !== undefined) add('no-overrides', '"overrides" is not allowed');
	const peers = pkg.peerDependencies;
	if (!isObject(peers) || Object.keys(peers).length !== 1 || peers['n8n-workflow'] !== '*')
		add(
			'peer-dependencies',
			`peerDependencies must be exactly {"n8n-workflow":"*"} (is ${JSON.stringify(peers)})`,
		);
	for (const s of Object.keys(pkg.scripts ?? {})) {
		if (FORBIDDEN_SCRIPTS.includes(s))
			add('lifecycle-script', `script "${s}" runs at install time`);
	}
	return findings;
}

/**
 * Why a packed file is not allowed, or undefined when it is. Allowed: the docs, and below
 * dist/nodes and dist/credentials the compiled output of a current source (`.js`, `.d.ts`,
 * `.js.map`) and the copied icons and codex files.
 */
export function disallowedReason(file: string, expectedDist: Set<string>): string | undefined {
	if (REQUIRED_DOCS.includes(file)) return undefined;
	if (file.endsWith('.tsbuildinfo')) return 'TypeScript build state';
	if (/(^|\/)(test|tests|__tests__|e2e|sandbox|fixtures?|bench|coverage)(\/|$)/.test(file))
		return 'test, sandbox or fixture file';
	if (/(^|\/)test\.|\.(test|spec)\.[^/]+$/.test(file)) return 'test file';
	if (/\.(bak|backup|orig|swp)$|~$/.test(file)) return 'backup file';
	if (!/^dist\/(nodes|credentials)\//.test(file)) return 'outside dist/nodes and dist/credentials';
	if (isAsset(file)) return expectedDist.has(file) ? undefined : 'asset without a source';
	const js = file.replace(/\.d\.ts$/, '.js').replace(/\.js\.map$/, '.js');
	if (!/\.js$/.test(js)) return 'not compiled code, an icon or a codex file';
	return expectedDist.has(js) ? undefined : 'compiled file without a source (stale dist/)';
}

export function checkTarballFiles(root: string, packedFiles: string[]): Finding[] {
	const findings: Finding[] = [];
	const add = (rule: string, message: string, file?: string) =>
		findings.push({ check: 'tarball', severity: 'error', rule: `verify/${rule}`, message, file });
	const sources = shippableSources(root);
	const expectedDist = new Set(sources.map(distPathOf));
	const packed = new Set(packedFiles);

	for (const f of packedFiles) {
		const why = disallowedReason(f, expectedDist);
		if (why) add('unexpected-file', `must not be published: ${why}`, `<tarball>/${f}`);
	}
	for (const doc of REQUIRED_DOCS) {
		if (!packed.has(doc)) add('missing-file', `${doc} is not in the tarball`);
	}
	for (const src of sources) {
		const out = distPathOf(src);
		if (!packed.has(out))
			add(
				'missing-file',
				`${out} (${isTsSource(src) ? 'compiled' : 'copied'} from ${src}) is not in the tarball`,
			);
	}
	return findings;
}

export function readJson<T>(file: string): T {
	return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
