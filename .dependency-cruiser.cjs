/**
 * The node's layering, checked by `npm run lint`. Imports run one way:
 *   CapMonster.node.ts → actions → solver → transport
 *                        actions → taskTypes → helpers
 *                        actions → detect → taskTypes, helpers
 *                        solver  → taskTypes
 * transport imports only helpers, and helpers nothing else of the node; nothing imports the node file or actions
 * from below. No cycles anywhere (type-only imports included).
 * Tests and tools: the sandbox (test/sandbox) imports nothing of the node; what scripts/ and the test tools
 * share (processes, n8n, the sandbox's child-process client, …) is scripts/lib, which imports none of its users.
 */
const NODE = '^nodes/CapMonster/';

/** A rule: code in `from` may import nothing in the node except what `allowed` names. */
function layer(name, from, allowed) {
	return {
		name,
		severity: 'error',
		comment: `${from} may import only ${allowed.join(', ')} of the node`,
		from: { path: `${NODE}${from}/` },
		to: {
			path: NODE,
			pathNot: allowed.map((folder) => `${NODE}${folder}/`),
		},
	};
}

module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'A cycle makes layers impossible to read in one direction',
			from: {},
			to: { circular: true },
		},
		layer('helpers-are-leaves', 'helpers', ['helpers']),
		layer('transport-below-the-solver', 'transport', ['transport', 'helpers']),
		layer('task-types-use-helpers-only', 'taskTypes', ['taskTypes', 'helpers']),
		layer('detect-uses-task-types-and-helpers', 'detect', ['detect', 'taskTypes', 'helpers']),
		layer('solver-below-actions', 'solver', ['solver', 'transport', 'taskTypes', 'helpers']),
		layer('actions-below-the-node', 'actions', [
			'actions',
			'detect',
			'solver',
			'transport',
			'taskTypes',
			'helpers',
		]),
		{
			name: 'credentials-stand-alone',
			severity: 'error',
			comment: 'The credential is loaded by n8n on its own',
			from: { path: '^credentials/' },
			to: { path: '^nodes/' },
		},
		{
			name: 'sandbox-independent-of-the-node',
			severity: 'error',
			comment: 'The sandbox is written from the CapMonster docs: it is the check on the node, so it imports none of it',
			from: { path: '^test/sandbox/' },
			to: { path: '^(nodes|credentials)/' },
		},
		{
			name: 'tools-share-scripts-lib',
			severity: 'error',
			comment:
				'What scripts/ and the test tools (e2e, bench, faults) share lives in scripts/lib; nothing imports a script itself',
			from: { path: '^(test|scripts)/' },
			to: { path: '^scripts/[^/]+$' },
		},
		{
			name: 'scripts-lib-below-its-users',
			severity: 'error',
			comment: 'scripts/lib is the shared place: it imports none of the scripts or test tools that use it',
			from: { path: '^scripts/lib/' },
			to: { path: '^(scripts/[^/]+$|test/(e2e|bench|faults|engine|helpers)/)' },
		},
		{
			name: 'shipped-code-imports-no-tests',
			severity: 'error',
			from: { path: '^(nodes|credentials)/' },
			to: { path: '^(test|scripts)/' },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		exclude: { path: '(^|/)(dist|node_modules)/' },
	},
};
