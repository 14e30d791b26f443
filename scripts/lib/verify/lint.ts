/**
 * The lint that n8n's verification scanner (`@n8n/scan-community-package`, scanner.mjs) runs,
 * through ESLint's Node API with the same options and flat config:
 *
 * - `overrideConfigFile: true`: the repo's eslint.config.mjs is NOT used;
 * - `allowInlineConfig: false`: `eslint-disable` comments do not hide anything;
 * - `@n8n/eslint-plugin-community-nodes` recommended + `no-console`, and
 *   `eslint-plugin-n8n-nodes-base`'s community (package.json), credentials and nodes rule sets
 *   with the scanner's off-overrides: defined once in `rules.mjs`, which the repo's
 *   eslint.config.mjs uses too;
 * - the source leg lints `package.json` + `{nodes,credentials}/**` `.js/.ts/.json` of the repo
 *   (the scanner lints the provenance-attested source checkout), the tarball leg every `.js` of
 *   the packed package plus its package.json.
 *
 * The scanner fails on errors only; `npm run verify` counts warnings as findings as well.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { walk, type Finding } from './findings';

/** The scanner's source-leg patterns, as plain predicates (no glob library needed). */
export function sourceLintFiles(root: string): string[] {
	return [
		'package.json',
		...['nodes', 'credentials']
			.flatMap((d) => walk(root, d))
			.filter((f) => /\.(js|ts|json)$/.test(f)),
	];
}

export function tarballLintFiles(dir: string): string[] {
	return ['package.json', ...walk(dir).filter((f) => f.endsWith('.js'))];
}

/**
 * `rules.mjs` (and the `@n8n/eslint-plugin-community-nodes` it loads) is an ES module and this
 * script runs as CommonJS under ts-node, which would turn `import()` into `require()`; a real
 * dynamic import avoids that.
 */
const importModule = new Function('url', 'return import(url)') as (
	url: string,
) => Promise<Record<string, unknown>>;

/** The scanner's flat config, from the module eslint.config.mjs uses as well (`rules.mjs`). */
export async function buildScanConfig(): Promise<Linter.Config[]> {
	const rules = await importModule(pathToFileURL(path.join(__dirname, 'rules.mjs')).href);
	return (rules.scannerConfig as (sources?: string[]) => Linter.Config[])();
}

export interface LintResult {
	findings: Finding[];
	filesLinted: number;
}

/**
 * Lint `files` (relative to `cwd`) as the scanner does. `label` prefixes reported paths
 * (`''` for repo files, `<tarball>/` for the packed package).
 */
export async function scanLint(
	cwd: string,
	files: string[],
	check: string,
	label: string,
): Promise<LintResult> {
	const eslint = new ESLint({
		cwd,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const results = await eslint.lintFiles(files.map((f) => path.join(cwd, f)));
	const findings: Finding[] = [];
	for (const r of results) {
		const file = label + path.relative(cwd, r.filePath).split(path.sep).join('/');
		for (const m of r.messages) {
			findings.push({
				check,
				severity: m.severity === 2 ? 'error' : 'warning',
				rule: m.ruleId ?? (m.fatal ? 'parse-error' : 'eslint'),
				message: m.message,
				file,
				line: m.line,
				column: m.column,
			});
		}
	}
	return { findings, filesLinted: results.length };
}
