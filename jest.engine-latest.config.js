/**
 * `npm run test:engine-latest`: the engine suites of jest.config.js (test/engine, test/taskTypes), with n8n-core and n8n-workflow
 * resolved from the newest engine's copies (CAPMONSTER_ENGINE_DIR, set by
 * scripts/test-engine-latest.ts) for the tests, the node's code and n8n-core alike, so there is
 * exactly one n8n-workflow in play.
 */
const path = require('node:path');
const base = require('./jest.config');

const dir = process.env.CAPMONSTER_ENGINE_DIR;
if (!dir) {
	throw new Error(
		'CAPMONSTER_ENGINE_DIR is not set: run this through `npm run test:engine-latest`',
	);
}
const modules = path.join(dir, 'node_modules');

module.exports = {
	...base,
	// The suites that run the node in n8n-core's engine (the sandbox's own tests need no n8n).
	roots: ['<rootDir>/test/engine', '<rootDir>/test/taskTypes'],
	moduleNameMapper: {
		'^(n8n-core|n8n-workflow)$': path.join(modules, '$1'),
		'^(n8n-core|n8n-workflow)/(.*)$': path.join(modules, '$1', '$2'),
	},
};
