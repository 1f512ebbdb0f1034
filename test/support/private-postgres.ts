import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes';

const bin = '/usr/lib/postgresql/15/bin';

/** Whether this machine can run a PostgreSQL 15 cluster of the test's own (fault drills stop and restart it). */
export function privatePostgresAvailable(): boolean {
  if (existsSync(join(bin, 'pg_ctl')) && existsSync(join(bin, 'initdb'))) return true;
  if (process.env.CI)
    throw new Error(`PostgreSQL 15 server binaries are required in CI (${bin}; .ci/run installs them)`);
  console.warn(`\n!!! SKIPPING fault drills: no PostgreSQL 15 server binaries in ${bin} !!!\n`);
  return false;
}

/** initdb and pg_ctl refuse to run as root: as root they run as the `postgres` OS user. */
function asPostgres(command: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]]
    : [join(bin, command), args];
  return execFileSync(file, argv, { stdio: 'pipe', timeout: 60_000 }).toString();
}

export interface PrivatePostgres {
  url: string;
  port: number;
  /** `pg_ctl restart -m immediate`: every backend is killed, crash recovery runs on start. */
  restartImmediate(): void;
  stop(): void;
  start(): void;
  /** The server's log so far (deadlocks, crash recovery). */
  log(): string;
  destroy(): void;
}

/**
 * A PostgreSQL 15 cluster in a temporary directory, on a free port, trusting local connections,
 * owned by the test: it may stop, kill and restart it (never the machine's shared server).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'edgepress-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const ctl = (...args: string[]) =>
    asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', ...args]);
  ctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restartImmediate: () => ctl('restart', '-m', 'immediate'),
    stop: () => ctl('stop', '-m', 'fast'),
    start: () => ctl('start'),
    log: () => readFileSync(join(dir, 'log'), 'utf8'),
    destroy() {
      try {
        ctl('stop', '-m', 'immediate');
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
