import { buildOnce } from '../test/support/node-api-instances';
import type { TestDatabase } from '../test/support/postgres';
import { freePort, type StartedProcess, startProcess, waitForOk } from '../test/support/processes';
import { redisUrl } from '../test/support/services';

export const benchJwtSecret = 'bench-jwt-secret-bench-jwt-secret-0000';

export interface NodeTarget {
  url: string;
  process: StartedProcess;
}

/**
 * `npm run build` once, then one `npm run start:node` on `database` with rate limits off, and the
 * Redis cache on or off (`CACHE=off`); `env` adds to its environment (an SMTP server, say).
 */
export async function startNodeTarget(
  database: TestDatabase,
  cache: 'on' | 'off',
  redisDb: number,
  env: Record<string, string> = {},
): Promise<NodeTarget> {
  buildOnce();
  const port = await freePort();
  const started = startProcess('npm', ['run', 'start:node'], {
    DATABASE_URL: database.url,
    REDIS_URL: `${redisUrl}/${redisDb}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    JWT_SECRET: benchJwtSecret,
    REALTIME_SECRET: 'bench-realtime-secret-bench-realtime-0000',
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'error',
    NODE_ENV: 'production',
    RATE_LIMITS: 'off',
    CACHE: cache,
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/api/health`, started, 120_000);
  return { url, process: started };
}
