import { neonConfig, Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import { retryTransactions } from './conflict-retry';
import * as schema from './schema';
import type { Database } from './types';

/**
 * Points the neon driver at a plain-WebSocket proxy (tools/neon-ws-proxy) in front of a local
 * Postgres, the role Neon's own edge plays in production. `wsProxy` is `host:port`, no scheme.
 */
export function routeNeonThroughLocalProxy(wsProxy: string) {
  neonConfig.wsProxy = (host, port) => `${wsProxy}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;
}

/**
 * A neon WebSocket pool as a drizzle database. It has transactions (the HTTP mode has none).
 * On Workers, open one per request and end it with `ctx.waitUntil(end())`: sockets cannot be
 * shared across requests there.
 */
export function openNeonPool(url: string): { db: Database; end: () => Promise<void> } {
  const pool = new Pool({ connectionString: url });
  // A connection dropping while idle must not become an unhandled error; the next query reports it.
  pool.on('error', () => {});
  // A checked-out client's lost socket fails its query; without a listener it would also throw.
  pool.on('connect', (client: { on(event: 'error', listener: () => void): void }) => client.on('error', () => {}));
  return { db: retryTransactions(drizzle(pool, { schema }) as unknown as Database), end: () => pool.end() };
}
