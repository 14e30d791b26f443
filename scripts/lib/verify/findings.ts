/** What `npm run verify` reports: one line per problem, errors and warnings alike. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Severity = 'error' | 'warning';

export interface Finding {
	/** Which check found it: `lint:source`, `lint:tarball`, `package.json`, `tarball`, `load`. */
	check: string;
	severity: Severity;
	/** A rule id (ESLint's, or `verify/<name>` for this script's own checks). */
	rule: string;
	message: string;
	/** Repo-relative path, or `<tarball>/…` for a file inside the packed tarball. */
	file?: string;
	line?: number;
	column?: number;
}

export function location(f: Finding): string {
	if (!f.file) return '';
	return f.line ? `${f.file}:${f.line}:${f.column ?? 1}` : f.file;
}

export function formatFinding(f: Finding): string {
	const where = location(f);
	return `  ${f.severity.padEnd(7)} ${where ? where + '  ' : ''}${f.message}  [${f.rule}]`;
}

/** Every file below `dir` (recursively), as paths relative to `dir` with `/` separators. */
export function walk(dir: string, rel = ''): string[] {
	const abs = path.join(dir, rel);
	if (!fs.existsSync(abs)) return [];
	const out: string[] = [];
	for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
		const r = rel ? `${rel}/${e.name}` : e.name;
		if (e.isDirectory()) {
			if (e.name !== 'node_modules') out.push(...walk(dir, r));
		} else out.push(r);
	}
	return out.sort();
}
