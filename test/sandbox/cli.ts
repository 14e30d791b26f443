/**
 * Runs the sandbox as a standalone process (`npm run sandbox -- --port 8787`), for the demo,
 * benchmarks and end-to-end workflows that talk to it over HTTP.
 *
 *   npx ts-node --transpile-only test/sandbox/cli.ts --port 8787 [--key test-key]... [--balance 10]
 *     [--solve-ms 3000] [--min-poll-gap-ms 2000] [--max-polls 120] [--cost 0.0006]
 *     [--result-ttl-ms 300000] [--seed 1] [--host 127.0.0.1]
 */
import type { SandboxOptions } from './server';
import { startSandbox } from './server';

const USAGE = `usage: cli.ts [--port 8787] [--host 127.0.0.1] [--key KEY]... [--balance USD] [--cost USD]
              [--solve-ms MS] [--min-poll-gap-ms MS] [--max-polls N] [--result-ttl-ms MS] [--seed N]`;

function parseArgs(argv: string[]): SandboxOptions {
	const options: SandboxOptions = { port: 8787 };
	const keys: string[] = [];
	const numeric: Record<string, keyof SandboxOptions> = {
		'--port': 'port',
		'--balance': 'balance',
		'--cost': 'costPerTask',
		'--solve-ms': 'solveMs',
		'--min-poll-gap-ms': 'minPollGapMs',
		'--max-polls': 'maxPolls',
		'--result-ttl-ms': 'resultTtlMs',
		'--seed': 'seed',
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const value = (): string => {
			const next = inline ?? argv[++i];
			if (next === undefined) throw new Error(`${flag} needs a value`);
			return next;
		};
		if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		} else if (flag === '--key') keys.push(value());
		else if (flag === '--host') options.host = value();
		else if (flag === '--user-agent') options.userAgent = value();
		else if (numeric[flag]) {
			const number = Number(value());
			if (!Number.isFinite(number)) throw new Error(`${flag} needs a number`);
			(options as Record<string, number>)[numeric[flag]] = number;
		} else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
	}
	if (keys.length > 0) options.keys = keys;
	return options;
}

async function main(): Promise<void> {
	const sandbox = await startSandbox(parseArgs(process.argv.slice(2)));
	// First signal: close the sandbox (dropping hanging sockets) and exit 0; a second one exits at once.
	let stopping = false;
	const shutdown = (signal: string): void => {
		if (stopping) process.exit(1);
		stopping = true;
		console.log(`\n${signal}: stopping sandbox`);
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => shutdown('SIGINT'));
	process.on('SIGTERM', () => shutdown('SIGTERM'));
	const { options } = sandbox;
	console.log(`CapMonster sandbox listening on ${sandbox.url}`);
	console.log(`  keys:        ${options.keys.join(', ')} (balance ${options.balance} USD each)`);
	console.log(
		`  solve time:  ${options.solveMs} ms; min poll gap ${options.minPollGapMs} ms; max ${options.maxPolls} polls/task`,
	);
	console.log(`  demo page:   ${sandbox.url}/demo/`);
	console.log(
		`  control:     ${sandbox.url}/__control/stats (tasks, requests, configure, faults, reset, balance, pause, resume)`,
	);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
