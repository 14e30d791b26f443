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
	// n8n-core keeps timers of its own alive after a run; do not let them hold the test process open.
	forceExit: true,
};
