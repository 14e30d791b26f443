/** The benchmark's command line: `npm run bench -- …` (see bench.ts for what each flag measures). */
import { taskParameters } from './parameters';

// ---- arguments --------------------------------------------------------------------------------

export interface Args {
	json: boolean;
	n: number;
	solveMs: number;
	type: string;
	serialAt: number;
	/** Measure only this Max Concurrent Tasks (no serial comparison). */
	concurrency?: number;
	/** Write a V8 CPU profile of the measured runs (not start-up, not the warm-up) to this file. */
	cpuProfile?: string;
	preset?: 'targets' | 'scaling';
	/** Runs per configuration (medians reported); undefined = 1, or 3 for the N=50 target. */
	repeat?: number;
}

const USAGE = `usage: npm run bench -- [--json] [--n 50] [--solve-ms 8000] [--type recaptchaV2] [--serial-at 10] [--concurrency C] [--repeat R] [--cpu-prof FILE]
       npm run bench -- --preset targets|scaling [--json] [--type …]
  types: recaptchaV2, recaptchaV3, turnstile`;

export function parseArgs(argv: string[]): Args {
	const args: Args = { json: false, n: 50, solveMs: 8000, type: 'recaptchaV2', serialAt: 10 };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const value = (): string => {
			const next = inline ?? argv[++i];
			if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
			return next;
		};
		const integer = (min: number): number => {
			const number = Number(value());
			if (!Number.isInteger(number) || number < min)
				throw new Error(`${flag} needs a whole number ≥ ${min}\n${USAGE}`);
			return number;
		};
		if (flag === '--json') args.json = true;
		else if (flag === '--n') args.n = integer(1);
		else if (flag === '--solve-ms') args.solveMs = integer(0);
		else if (flag === '--serial-at') args.serialAt = integer(1);
		else if (flag === '--concurrency') args.concurrency = integer(1);
		else if (flag === '--cpu-prof') args.cpuProfile = value();
		else if (flag === '--repeat') args.repeat = integer(1);
		else if (flag === '--type') args.type = value();
		else if (flag === '--preset') {
			const preset = value();
			if (preset !== 'targets' && preset !== 'scaling')
				throw new Error(`unknown preset ${preset}\n${USAGE}`);
			args.preset = preset;
		} else if (flag === '--help' || flag === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		} else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
	}
	if (!taskParameters()[args.type]) throw new Error(`unknown --type ${args.type}\n${USAGE}`);
	return args;
}
