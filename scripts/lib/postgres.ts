/**
 * A private PostgreSQL for n8n's queue mode (main and workers are separate processes that all
 * write executions; with SQLite they fail with SQLITE_BUSY under load, and n8n supports queue
 * mode only on PostgreSQL). Debian's server binaries, a throw-away cluster in a temp folder,
 * 127.0.0.1 and a free port, trust authentication, no durability (fsync off): test data only.
 * As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureAptBinary } from './apt';
import { freePort, isListening } from './ports';
import { run, startProcess, waitFor, type Managed } from './proc';

const PG_ROOT = '/usr/lib/postgresql';

function serverBin(): string | undefined {
	const versions = fs.existsSync(PG_ROOT)
		? fs
				.readdirSync(PG_ROOT)
				.filter((v) => fs.existsSync(path.join(PG_ROOT, v, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	return versions.length ? path.join(PG_ROOT, versions[0], 'bin') : undefined;
}

export async function ensurePostgres(): Promise<string> {
	const found = serverBin();
	if (found) return found;
	// The `postgresql` package pulls Debian's current server (15 on bookworm).
	await ensureAptBinary('/usr/bin/pg_lsclusters', 'postgresql');
	const bin = serverBin();
	if (!bin) throw new Error(`installed postgresql, but found no server under ${PG_ROOT}/*/bin`);
	return bin;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** [command, args] running `cmd` as the postgres user when we are root. */
function asServerUser(cmd: string, args: string[]): [string, string[]] {
	return isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export interface Postgres {
	port: number;
	proc: Managed;
	/** Environment for every n8n command of an instance using this database. */
	env: NodeJS.ProcessEnv;
	/** Stop the server and delete its data folder. */
	stop(): Promise<void>;
}

export async function startPostgres(logFile?: string): Promise<Postgres> {
	const bin = await ensurePostgres();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capmonster-pg-'));
	const data = path.join(dir, 'data');
	fs.mkdirSync(data);
	if (isRoot()) await run('chown', ['-R', 'postgres:postgres', dir]);
	const [initCmd, initArgs] = asServerUser(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'n8n',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync',
	]);
	await run(initCmd, initArgs, { logFile, timeoutMs: 2 * 60_000 });
	const port = await freePort();
	const [cmd, args] = asServerUser(path.join(bin, 'postgres'), [
		'-D',
		data,
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=100',
	]);
	const proc = startProcess('postgres', cmd, args, { logFile });
	const died = proc.exited.then((code) => {
		throw new Error(`postgres exited with ${code}:\n${proc.output().slice(-2000)}`);
	});
	died.catch(() => undefined);
	await Promise.race([
		waitFor(`postgres on 127.0.0.1:${port}`, () => isListening(port), 60_000, 200),
		died,
	]);
	// Accepting connections is not yet accepting queries: wait for "ready to accept connections".
	await waitFor(
		'postgres to be ready',
		() => /ready to accept connections/.test(proc.output()),
		30_000,
		100,
	);
	return {
		port,
		proc,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
			DB_POSTGRESDB_SCHEMA: 'public',
		},
		async stop() {
			await proc.stop(10_000);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}
