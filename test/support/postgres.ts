import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '#db/client';
import { migrate } from '#db/migrate';
import type { Database } from '#db/types';
import { stopMailQueuesOver } from './mail-queues';
import { postgresAvailable, postgresUrlBase, redisAvailable } from './services';
import type { EdgeOptions, EdgeWorker } from './workerd-engine';

export interface TestDatabase {
  url: string;
  handle: DbHandle;
  drop(): Promise<void>;
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: `${postgresUrlBase}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `handle`, whose close first stops the mail queues test deps run over it (a run would fail on the closed pool). */
function stoppingMailFirst(handle: DbHandle): DbHandle {
  return {
    ...handle,
    async close() {
      await stopMailQueuesOver(handle.db);
      await handle.close();
    },
  };
}

/** A fresh, migrated Postgres database for one test file, dropped afterwards. */
export async function createTestDatabase(driver: 'pg' | 'neon-ws' = 'pg', wsProxy?: string): Promise<TestDatabase> {
  const name = `ep_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`create database ${name}`);
  const url = `${postgresUrlBase}/${name}`;
  const handle = stoppingMailFirst(
    driver === 'pg' ? await createDb({ driver: 'pg', url }) : await createDb({ driver: 'neon-ws', url, wsProxy }),
  );
  await migrate(handle);
  return {
    url,
    handle,
    async drop() {
      await handle.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * A second pool on `database` whose deadlocks wait `timeoutMs` before PostgreSQL breaks them: a lock-order
 * test then sees any deadlock as an answer that came late, not as one quietly retried away.
 */
export async function slowDeadlockPool(database: TestDatabase, timeoutMs: number): Promise<DbHandle> {
  const options = encodeURIComponent(`-c deadlock_timeout=${timeoutMs}`);
  return stoppingMailFirst(await createDb({ driver: 'pg', url: `${database.url}?options=${options}`, max: 8 }));
}

/** An in-memory PGlite database, migrated: the embedded target's engine. */
export async function createPgliteDatabase(): Promise<DbHandle> {
  const handle = stoppingMailFirst(await createDb({ driver: 'pglite' }));
  await migrate(handle);
  return handle;
}

export interface OpenedEngine {
  db: Database;
  close(): Promise<void>;
  /** workerd only: the Worker that answers in place of the in-process app. */
  edge?: EdgeWorker;
}

export interface TestEngine {
  name: 'PGlite' | 'Postgres' | 'workerd';
  available: boolean;
  /** Node engines ignore `edge`: their suites override the app's deps directly. */
  open(edge?: EdgeOptions): Promise<OpenedEngine>;
}

/** PGlite (the embedded target) always; real Postgres (a fresh database) when it listens, skipped loudly otherwise. */
export async function testEngines(): Promise<TestEngine[]> {
  return [
    {
      name: 'PGlite',
      available: true,
      async open() {
        const handle = await createPgliteDatabase();
        return { db: handle.db, close: () => handle.close() };
      },
    },
    {
      name: 'Postgres',
      available: await postgresAvailable(),
      async open() {
        const database = await createTestDatabase();
        return { db: database.handle.db, close: () => database.drop() };
      },
    },
  ];
}

/**
 * The engines the HTTP contract suites run on: PGlite and Postgres in this process, and workerd: the real
 * Worker on Postgres through the neon proxy and on the test Redis through the Upstash REST proxy.
 */
export async function contractEngines(): Promise<TestEngine[]> {
  // The workerd project (vitest.config.ts) runs these suites on workerd alone; the node project on the others.
  const build = inject('workerdBuild');
  if (!build) return testEngines();
  return [
    {
      name: 'workerd',
      available: (await postgresAvailable()) && (await redisAvailable()),
      async open(edge) {
        const database = await createTestDatabase();
        const { startEdgeWorker } = await import('./workerd-engine');
        const worker = await startEdgeWorker(build, database.handle.db, database.url, edge);
        return {
          db: database.handle.db,
          edge: worker,
          async close() {
            await worker.close();
            await database.drop();
          },
        };
      },
    },
  ];
}
