/**
 * Fault-injection suite: `npm run test:faults [-- --json] [--short] [--only name[,name…]]`.
 *
 * Runs every scenario of scenarios/ (one file each) in turn (each with its own in-process sandbox), prints one
 * line per scenario (a table, or one JSON object per line with --json, its `deviations` included)
 * and exits 1 if any scenario deviated from its expectations, 2 on a usage error.
 */
import './env';

import { SCENARIOS, type Figures, type ScenarioResult } from './scenarios';

interface Args {
	json: boolean;
	short: boolean;
	only: string[];
}

const USAGE = `usage: npm run test:faults -- [--json] [--short] [--only <scenario>[,<scenario>…]]
  scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`;

function parseArgs(argv: string[]): Args {
	const args: Args = { json: false, short: false, only: [] };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		if (flag === '--json') args.json = true;
		else if (flag === '--short') args.short = true;
		else if (flag === '--only') {
			const value = inline ?? argv[++i];
			if (!value) throw new Error(`--only needs a value\n${USAGE}`);
			args.only.push(
				...value
					.split(',')
					.map((s) => s.trim())
					.filter(Boolean),
			);
		} else if (flag === '--help' || flag === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		} else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
	}
	for (const name of args.only)
		if (!SCENARIOS.some((s) => s.name === name))
			throw new Error(`unknown scenario ${name}\n${USAGE}`);
	return args;
}

const COLUMNS: Array<[keyof Figures, string]> = [
	['items', 'items'],
	['outputs', 'outputs'],
	['solved', 'solved'],
	['errorItems', 'errors'],
	['createTaskCalls', 'creates'],
	['duplicateCreates', 'dupes'],
	['pollViolations', 'pollViol'],
	['keyLeaks', 'keyLeaks'],
	['maxWallMs', 'wallMs'],
];

function tableRow(cells: string[], widths: number[]): string {
	return cells
		.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
		.join('  ');
}

function printTable(results: ScenarioResult[]): void {
	const header = ['scenario', ...COLUMNS.map(([, label]) => label), 'result'];
	const rows = results.map(({ figures, deviations }) => [
		figures.scenario,
		...COLUMNS.map(([key]) => String(figures[key])),
		deviations.length ? 'FAIL' : 'ok',
	]);
	const widths = header.map((_, i) =>
		Math.max(header[i].length, ...rows.map((row) => row[i].length)),
	);
	process.stdout.write(`${tableRow(header, widths)}\n`);
	for (const row of rows) process.stdout.write(`${tableRow(row, widths)}\n`);
	for (const { figures, deviations } of results)
		for (const deviation of deviations)
			process.stdout.write(`  ${figures.scenario}: ${deviation}\n`);
}

async function main(): Promise<number> {
	const args = parseArgs(process.argv.slice(2));
	const selected = args.only.length
		? SCENARIOS.filter((s) => args.only.includes(s.name))
		: SCENARIOS;
	const results: ScenarioResult[] = [];
	const started = Date.now();
	for (const scenario of selected) {
		if (!args.json) process.stderr.write(`… ${scenario.name}: ${scenario.title}\n`);
		let result: ScenarioResult;
		try {
			result = await scenario.run({ short: args.short });
		} catch (error) {
			result = {
				figures: {
					scenario: scenario.name,
					items: 0,
					outputs: 0,
					solved: 0,
					errorItems: 0,
					createTaskCalls: 0,
					duplicateCreates: 0,
					pollViolations: 0,
					keyLeaks: 0,
					maxWallMs: 0,
				},
				deviations: [`the scenario crashed: ${(error as Error).stack ?? String(error)}`],
			};
		}
		results.push(result);
		if (args.json)
			process.stdout.write(
				`${JSON.stringify({ ...result.figures, ok: result.deviations.length === 0, deviations: result.deviations })}\n`,
			);
	}
	const failed = results.filter((r) => r.deviations.length > 0).length;
	if (!args.json) {
		printTable(results);
		process.stdout.write(
			`\nfaults: ${results.length - failed} passed, ${failed} failed (${args.short ? 'short' : 'full'} run, ${Math.round((Date.now() - started) / 1000)} s)\n`,
		);
	}
	return failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(2);
	},
);
