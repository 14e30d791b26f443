/**
 * Build (when `dist/` does not match the sources), `npm pack`, extract: the package exactly as
 * npm would publish it and as n8n's scanner downloads it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { walk } from './findings';

/** The directories whose TypeScript sources and assets the build turns into `dist/`. */
export const SOURCE_DIRS = ['nodes', 'credentials'];
/** What gulp's `build:assets` copies next to the compiled code. */
export const isAsset = (f: string) => /\.(png|svg)$/.test(f) || f.endsWith('.node.json');
export const isTsSource = (f: string) => f.endsWith('.ts') && !f.endsWith('.d.ts');

/** `nodes/X/Y.ts` → `dist/nodes/X/Y.js`; assets keep their name. */
export function distPathOf(sourceRel: string): string {
	return isTsSource(sourceRel) ? `dist/${sourceRel.replace(/\.ts$/, '.js')}` : `dist/${sourceRel}`;
}

/** The shippable source files (repo-relative): `.ts` sources and assets below nodes/ and credentials/. */
export function shippableSources(root: string): string[] {
	return SOURCE_DIRS.flatMap((d) => walk(root, d)).filter((f) => isTsSource(f) || isAsset(f));
}

/**
 * Why `dist/` has to be rebuilt, or undefined when it matches the sources: a source without its
 * output, an output older than its source, or an output whose source is gone (it would be packed).
 */
export function staleReason(root: string, entryFiles: string[]): string | undefined {
	if (!fs.existsSync(path.join(root, 'dist'))) return 'dist/ does not exist';
	for (const entry of entryFiles) {
		if (!fs.existsSync(path.join(root, entry))) return `${entry} is missing`;
	}
	const sources = shippableSources(root);
	for (const src of sources) {
		const out = path.join(root, distPathOf(src));
		if (!fs.existsSync(out)) return `${distPathOf(src)} is missing`;
		const changed = isAsset(src)
			? // Copied by gulp (which keeps the mtime, truncated to ms): compare the bytes.
				!fs.readFileSync(out).equals(fs.readFileSync(path.join(root, src)))
			: Math.floor(fs.statSync(out).mtimeMs) <
				Math.floor(fs.statSync(path.join(root, src)).mtimeMs);
		if (changed) return `${src} changed since ${distPathOf(src)} was built`;
	}
	const expected = new Set(sources.map(distPathOf));
	for (const d of SOURCE_DIRS) {
		for (const f of walk(root, `dist/${d}`)) {
			const js = f.replace(/\.d\.ts$/, '.js').replace(/\.js\.map$/, '.js');
			if (!expected.has(js)) return `${f} has no source any more`;
		}
	}
	return undefined;
}

/** Run an npm command in `cwd`, its output passed through; throws on failure. */
export function npm(args: string[], cwd: string): void {
	const r = spawnSync('npm', args, { cwd, stdio: 'inherit' });
	if (r.status !== 0)
		throw new Error(`npm ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

export interface Packed {
	tarball: string;
	/** The extracted package (what `tar -xzf --strip-components=1` gives, as the scanner does). */
	dir: string;
	/** Paths inside the package, from npm's own list. */
	files: string[];
	size: number;
	unpackedSize: number;
}

interface NpmPackJson {
	filename: string;
	size: number;
	unpackedSize: number;
	files: Array<{ path: string }>;
}

/**
 * `npm pack` into `tmpDir` and extract it to `tmpDir/package`. Lifecycle scripts are not
 * suppressed: `npm publish` would run a `prepack` too, so the tarball is the one that ships.
 */
export function packAndExtract(root: string, tmpDir: string): Packed {
	const r = spawnSync('npm', ['pack', '--json', '--pack-destination', tmpDir], {
		cwd: root,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	if (r.status !== 0) throw new Error(`npm pack failed (exit ${r.status}):\n${r.stderr}`);
	const json = r.stdout.slice(r.stdout.indexOf('['));
	const meta = (JSON.parse(json) as NpmPackJson[])[0];
	const tarball = path.join(tmpDir, meta.filename);
	const dir = path.join(tmpDir, 'package');
	fs.mkdirSync(dir, { recursive: true });
	const x = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (x.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${x.stderr}`);
	return {
		tarball,
		dir,
		files: meta.files.map((f) => f.path).sort(),
		size: fs.statSync(tarball).size,
		unpackedSize: meta.unpackedSize,
	};
}
