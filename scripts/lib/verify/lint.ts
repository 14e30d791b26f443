/**
 * The lint that n8n's verification scanner (`@n8n/scan-community-package`, scanner.mjs) runs,
 * through ESLint's Node API with the same options and flat config:
 *
 * - `overrideConfigFile: true`: the repo's eslint.config.mjs is NOT used;
 * - `allowInlineConfig: false`: `eslint-disable` comments do not hide anything;
 * - `@n8n/eslint-plugin-community-nodes` recommended + `no-console`, and
 *   `eslint-plugin-n8n-nodes-base`'s community (package.json), credentials and nodes rule sets
 *   with the scanner's off-overrides (the same as the repo's eslint.config.mjs);
 * - the source leg lints `package.json` + `{nodes,credentials}/**` `.js/.ts/.json` of the repo
 *   (the scanner lints the provenance-attested source checkout), the tarball leg every `.js` of
 *   the packed package plus its package.json.
 *
 * The scanner fails on errors only; `npm run verify` counts warnings as findings as well.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
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
 * `@n8n/eslint-plugin-community-nodes` is an ES module and this script runs as CommonJS under
 * ts-node, which would turn `import()` into `require()`; a real dynamic import avoids that.
 */
const importModule = new Function('url', 'return import(url)') as (
	url: string,
) => Promise<Record<string, unknown>>;

async function load(specifier: string): Promise<Record<string, unknown>> {
	return importModule(pathToFileURL(require.resolve(specifier)).href);
}

interface RuleSets {
	configs: Record<string, { rules: Linter.RulesRecord }>;
}

export async function buildScanConfig(): Promise<Linter.Config[]> {
	const community = (await load('@n8n/eslint-plugin-community-nodes'))
		.n8nCommunityNodesPlugin as RuleSets;
	const nodesBase = (await load('eslint-plugin-n8n-nodes-base')).default as RuleSets &
		NonNullable<Linter.Config['plugins']>[string];
	const parser = tseslint.parser as Linter.Parser;
	return [
		community.configs.recommended as Linter.Config,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': nodesBase } },
		{ files: ['package.json'], rules: { ...nodesBase.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...nodesBase.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...nodesBase.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{
			files: ['**/*.json'],
			languageOptions: { parser, parserOptions: { extraFileExtensions: ['.json'] } },
		},
		{ files: ['**/*.ts'], languageOptions: { parser } },
	];
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
