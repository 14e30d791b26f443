/** Unit and engine tests: TypeScript through ts-jest, real HTTP to the in-process sandbox. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/setup/env.js'],
	testTimeout: 60000,
	maxWorkers: 2,
	// Quiet unless something fails: no line per passing file, the failures in full, then the counts.
	// (`npx jest --reporters=default` shows the usual per-file lines.)
	reporters: [['summary', { summaryThreshold: 0 }]],
	// No forceExit: every test file closes what it opened. The one thing n8n-core leaves running
	// (SSHClientsManager's 60 s cleanup interval, cleared only on process exit) is stopped by the
	// engine harness after each file (stopEngineTimers in test/helpers/engine.ts).
};
