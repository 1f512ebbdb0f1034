import { connect } from 'node:net';

const warned = new Set<string>();

function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Whether a real service the suite needs is there. In CI its absence is a failure; on a laptop the
 * tests that need it are skipped with one loud line, never silently.
 */
export async function serviceAvailable(name: string, host: string, port: number): Promise<boolean> {
  if (await reachable(host, port)) return true;
  if (process.env.CI) throw new Error(`${name} at ${host}:${port} is required in CI but is not reachable`);
  if (!warned.has(name)) {
    warned.add(name);
    console.warn(`\n!!! SKIPPING tests that need ${name}: nothing listens on ${host}:${port} !!!\n`);
  }
  return false;
}

export const postgresUrlBase = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const postgresAvailable = () => serviceAvailable('PostgreSQL', '127.0.0.1', 5432);
export const redisAvailable = () => serviceAvailable('Redis', '127.0.0.1', 6379);
