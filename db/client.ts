import { retryTransactions } from './conflict-retry';
import * as schema from './schema';
import type { Database } from './types';

export type DbConfig =
  | { driver: 'pg'; url: string; max?: number }
  | { driver: 'neon-ws'; url: string; wsProxy?: string }
  | { driver: 'pglite'; dataDir?: string };

export interface DbHandle {
  db: Database;
  driver: DbConfig['driver'];
  close(): Promise<void>;
  /** Connection counts of the pool, for metrics; absent where there is no pool (PGlite). */
  poolStats?: () => { total: number; idle: number; waiting: number };
}

/**
 * Opens a drizzle database on one of the three drivers. Its transactions run again when Postgres
 * aborts them as a deadlock victim or serialization failure (ADR 0100). Drivers are imported lazily so that a
 * target only loads its own (workerd never sees pglite, the browser bundle never sees any).
 */
export async function createDb(config: DbConfig): Promise<DbHandle> {
  switch (config.driver) {
    case 'pg':
      return openPg(config.url, config.max);
    case 'neon-ws':
      return openNeon(config.url, config.wsProxy);
    case 'pglite':
      return openPglite(config.dataDir);
  }
}

async function openPg(url: string, max = 10): Promise<DbHandle> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // Connections stay open through lulls: a new one costs the server a backend process and every
  // prepared statement again, paid by whichever request arrives with the next burst.
  // A connection attempt that hangs (a server frozen, a network gone) fails after 5 s instead of
  // holding the request until the client gives up.
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 300_000, connectionTimeoutMillis: 5_000 });
  // A client losing its connection must not crash the process ('error' with no listener throws):
  // an idle one is replaced by the pool; a checked-out one also fails its query, which the request
  // answers (503, see db/unavailable.ts), and is discarded when released.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return {
    db: retryTransactions(drizzle(pool, { schema }) as unknown as Database),
    driver: 'pg',
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

async function openNeon(url: string, wsProxy?: string): Promise<DbHandle> {
  const { openNeonPool, routeNeonThroughLocalProxy } = await import('./neon-client');
  if (wsProxy) routeNeonThroughLocalProxy(wsProxy);
  if (typeof WebSocket === 'undefined') {
    // Node 20 has no global WebSocket; workerd and Node 22 do.
    const [{ neonConfig }, { default: ws }] = await Promise.all([import('@neondatabase/serverless'), import('ws')]);
    neonConfig.webSocketConstructor = ws;
  }
  const { db, end } = openNeonPool(url);
  return { db, driver: 'neon-ws', close: end };
}

/** A directory cluster is made by copying a template (db/pglite-cluster.ts); none is in memory. */
async function openPglite(dataDir?: string): Promise<DbHandle> {
  const [{ PGlite }, { drizzle }, { pgliteSettings, preparePgliteDataDir }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('./pglite-cluster'),
  ]);
  if (dataDir) preparePgliteDataDir(dataDir);
  const startParams = [...PGlite.defaultStartParams, ...pgliteSettings.flatMap((setting) => ['-c', setting])];
  const client = await PGlite.create({ dataDir, startParams });
  return {
    db: retryTransactions(drizzle(client, { schema }) as unknown as Database),
    driver: 'pglite',
    close: () => client.close(),
  };
}
