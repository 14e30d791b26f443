// Lint = what n8n's verification scanner runs (scripts/lib/verify/rules.mjs, shared with
// `npm run verify`) on the published code, plus typescript-eslint everywhere.
// Test and tooling code may use node:http, process and timers, so the cloud rules stop at nodes/ and credentials/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

import { scannerConfig } from './scripts/lib/verify/rules.mjs';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.e2e/**'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: { 'prefer-spread': 'off' },
	},
	...scannerConfig(['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json']),
);
