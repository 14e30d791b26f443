// The lint that n8n's verification scanner (@n8n/scan-community-package, scanner.mjs) runs on a
// community package, defined once: `npm run lint` (eslint.config.mjs, narrowed to the published
// sources) and `npm run verify` (scripts/lib/verify/lint.ts, as the scanner runs it) both use it.
//
// - @n8n/eslint-plugin-community-nodes' recommended rules and `no-console`;
// - eslint-plugin-n8n-nodes-base's community (package.json), credentials and nodes rule sets, with
//   the scanner's off-overrides.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

/**
 * The scanner's flat config. The scanner lints only the files it is given, so by default the
 * general rules apply to every file; `sources` (glob patterns) narrows them, and the parsers, to
 * those files, as the repository's own lint does for nodes/, credentials/ and package.json.
 *
 * @param {string[]} [sources]
 * @returns {import('eslint').Linter.Config[]}
 */
export function scannerConfig(sources) {
	const everywhere = sources ? { files: sources } : {};
	const only = (extension) =>
		sources ? sources.filter((pattern) => pattern.endsWith(extension)) : [`**/*${extension}`];
	return [
		{ ...everywhere, ...n8nCommunityNodesPlugin.configs.recommended },
		{ ...everywhere, rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
		{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesBase.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesBase.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{
			files: only('.json'),
			languageOptions: {
				parser: tseslint.parser,
				parserOptions: { extraFileExtensions: ['.json'] },
			},
		},
		{ files: only('.ts'), languageOptions: { parser: tseslint.parser } },
	];
}
