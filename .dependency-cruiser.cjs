/**
 * The node's layering, checked by `npm run lint`. Imports run one way:
 *   CapMonster.node.ts → actions → solver → transport
 *                        actions → taskTypes → helpers
 *                        actions → detect → taskTypes, helpers
 *                        solver  → taskTypes
 * transport imports only helpers, and helpers nothing else of the node; nothing imports the node file or actions
 * from below. No cycles anywhere (type-only imports included).
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
