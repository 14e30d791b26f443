/**
 * `npm run verify`: what n8n's verification scanner (`@n8n/scan-community-package`) does to a
 * community package, run on this repo before it is published.
 *
 * 1. Build when `dist/` does not match the sources (`npm run build`).
 * 2. `npm pack` and extract the tarball into a temporary folder; print its file list and size.
 * 3. Check the tarball's package.json (name, keyword, MIT licence, repository/homepage/author,
 *    the n8n section's files present, no runtime dependencies, no overrides, peerDependencies
 *    exactly {"n8n-workflow":"*"}, no install-time scripts) and its file list (only
 *    dist/nodes + dist/credentials output, README.md, LICENSE.md, CHANGELOG.md, package.json).
 * 4. Lint as the scanner does (ESLint Node API, its flat config, inline `eslint-disable`
 *    comments ignored): the source package.json + nodes/ + credentials/, then every `.js` of
 *    the tarball + its package.json.
 * 5. Load each node and credential from the tarball as n8n's loader would.
 *
 * Errors and warnings both count. Prints `verify: N findings` last; exits 1 when N > 0,
 * 2 when the checks could not run.
 *
 * Options: --build (always rebuild)  --no-build (pack dist/ as it is)  --keep (keep the temp folder)
 * Not covered (needs a published version): the scanner's npm provenance check — the publish
 * workflow publishes with `--provenance` for it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatFinding, type Finding } from './lib/verify/findings';
import { scanLint, sourceLintFiles, tarballLintFiles } from './lib/verify/lint';
import { loadCheck } from './lib/verify/load';
import {
	checkPackageJson,
	checkTarballFiles,
	entryFiles,
	readJson,
	type PackageJson,
} from './lib/verify/manifest';
import { npm, packAndExtract, staleReason } from './lib/verify/pack';

const ROOT = path.resolve(__dirname, '..');

interface Args {
	build: 'auto' | 'always' | 'never';
	keep: boolean;
}

function parseArgs(argv: string[]): Args {
	const args: Args = { build: 'auto', keep: false };
	for (const a of argv) {
		if (a === '--build') args.build = 'always';
		else if (a === '--no-build' || a === '--skip-build') args.build = 'never';
		else if (a === '--keep') args.keep = true;
		else if (a === '--help' || a === '-h') {
			process.stdout.write('usage: npm run verify -- [--build | --no-build] [--keep]\n');
			process.exit(0);
		} else throw new Error(`unknown option ${a} (see --help)`);
	}
	return args;
}

const say = (s = '') => process.stdout.write(s + '\n');
const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function section(title: string, findings: Finding[], extra = ''): void {
	const errors = findings.filter((f) => f.severity === 'error').length;
	const warnings = findings.length - errors;
	const status = findings.length
		? `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
		: 'ok';
	say(`== ${title}: ${status}${extra ? ` (${extra})` : ''}`);
	for (const f of findings) say(formatFinding(f));
}

async function main(): Promise<number> {
	const args = parseArgs(process.argv.slice(2));
	const findings: Finding[] = [];

	// 1. Build if needed.
	const sourcePkg = readJson<PackageJson>(path.join(ROOT, 'package.json'));
	const stale = staleReason(ROOT, entryFiles(sourcePkg));
	if (args.build === 'always' || (args.build === 'auto' && stale)) {
		say(`== build: ${args.build === 'always' ? '--build' : stale} → npm run build`);
		npm(['run', 'build'], ROOT);
	} else if (stale) {
		say(`== build: skipped (--no-build), although ${stale}`);
	} else {
		say('== build: dist/ is up to date with nodes/ and credentials/');
	}

	// 2. Pack and extract.
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-capmonster-verify-'));
	try {
		const packed = packAndExtract(ROOT, tmp);
		say(
			`== npm pack: ${path.basename(packed.tarball)}, ${kB(packed.size)} packed, ` +
				`${kB(packed.unpackedSize)} unpacked, ${plural(packed.files.length, 'file')}`,
		);
		for (const f of packed.files) say(`  ${f}`);

		// 3. package.json and file list.
		const pkg = readJson<PackageJson>(path.join(packed.dir, 'package.json'));
		const manifest = checkPackageJson(pkg, packed.files);
		section('package.json', manifest);
		const content = checkTarballFiles(ROOT, packed.files);
		section('tarball contents', content);
		findings.push(...manifest, ...content);

		// 4. The scanner's lint, on the source and on the tarball.
		const src = await scanLint(ROOT, sourceLintFiles(ROOT), 'lint:source', '');
		section('scanner lint, source', src.findings, plural(src.filesLinted, 'file'));
		const tar = await scanLint(
			packed.dir,
			tarballLintFiles(packed.dir),
			'lint:tarball',
			'<tarball>/',
		);
		section('scanner lint, tarball', tar.findings, plural(tar.filesLinted, 'file'));
		findings.push(...src.findings, ...tar.findings);

		// 5. Load as n8n would.
		const loaded = loadCheck(packed.dir, ROOT);
		section(
			'load from tarball',
			loaded.findings,
			`nodes: ${loaded.nodes.join(', ') || '-'}; credentials: ${loaded.credentials.join(', ') || '-'}`,
		);
		findings.push(...loaded.findings);

		const disables = countDisableComments();
		if (disables)
			say(
				`note: ${plural(disables, 'eslint-disable comment')} in nodes/ and credentials/ ` +
					'had no effect here (the scanner ignores them too)',
			);
	} finally {
		if (args.keep) say(`kept ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	}

	const errors = findings.filter((f) => f.severity === 'error').length;
	const warnings = findings.length - errors;
	say(
		`verify: ${plural(findings.length, 'finding')}` +
			(findings.length ? ` (${plural(errors, 'error')}, ${plural(warnings, 'warning')})` : ''),
	);
	return findings.length ? 1 : 0;
}

function countDisableComments(): number {
	let n = 0;
	for (const f of sourceLintFiles(ROOT)) {
		const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
		n += (text.match(/eslint-disable/g) ?? []).length;
	}
	return n;
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
		say(`verify: could not complete (${err instanceof Error ? err.message.split('\n')[0] : err})`);
		process.exit(2);
	},
);
