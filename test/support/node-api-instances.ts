import { execSync } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from './postgres';
import { freePort, type StartedProcess, startProcess, waitForOk } from './processes';
import { redisUrl } from './services';

export interface NodeApiCluster {
  ports: number[];
  instances: StartedProcess[];
  database: TestDatabase;
  /** Starts instance `index` again on its port with the same environment (after a kill, say). */
  restart(index: number): Promise<void>;
  stop(): Promise<void>;
}

let built = false;

/** `npm run build` where the build is older than its sources, once per test process: the image runs this output. */
export function buildOnce() {
  if (built) return;
  // Only what is older than its sources: npm install has built both, and rebuilding web/dist
  // under a server that another suite started would pull its files away mid-run.
  execSync('node scripts/ensure-built.mjs', { stdio: 'pipe' });
  built = true;
}

/**
 * Several `npm run start:node` instances on one fresh, migrated Postgres database and the shared
 * Redis, as compose runs its API replicas.
 */
export async function startNodeApiCluster(count: number, env: Record<string, string> = {}): Promise<NodeApiCluster> {
  buildOnce();
  const database = await createTestDatabase();
  const redisDb = 1 + Math.floor(Math.random() * 15);
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const start = (port: number) =>
    startProcess('npm', ['run', 'start:node'], {
      DATABASE_URL: database.url,
      // A logical database of its own, so cached keys of another suite never leak in.
      REDIS_URL: `${redisUrl}/${redisDb}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: 'cluster-test-secret-cluster-test-secret',
      REALTIME_SECRET: 'cluster-test-realtime-secret-cluster-test',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
      ...env,
    });
  const instances = ports.map(start);
  await Promise.all(
    instances.map((instance, i) => waitForOk(`http://127.0.0.1:${ports[i]}/api/health`, instance, 120_000)),
  );
  return {
    ports,
    instances,
    database,
    async restart(index) {
      const port = ports[index] as number;
      await instances[index]?.stop();
      const instance = start(port);
      instances[index] = instance;
      await waitForOk(`http://127.0.0.1:${port}/api/health`, instance, 120_000);
    },
    async stop() {
      await Promise.all(instances.map((instance) => instance.stop()));
      await database.drop();
    },
  };
}
