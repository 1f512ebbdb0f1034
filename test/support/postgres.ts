import pg from 'pg';
import { createDb, type DbHandle } from '#db/client';
import { migrate } from '#db/migrate';
import type { Database } from '#db/types';
import { postgresAvailable, postgresUrlBase } from './services';

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

/** A fresh, migrated Postgres database for one test file, dropped afterwards. */
export async function createTestDatabase(driver: 'pg' | 'neon-ws' = 'pg', wsProxy?: string): Promise<TestDatabase> {
  const name = `ep_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`create database ${name}`);
  const url = `${postgresUrlBase}/${name}`;
  const handle =
    driver === 'pg' ? await createDb({ driver: 'pg', url }) : await createDb({ driver: 'neon-ws', url, wsProxy });
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

/** An in-memory PGlite database, migrated: the embedded target's engine. */
export async function createPgliteDatabase(): Promise<DbHandle> {
  const handle = await createDb({ driver: 'pglite' });
  await migrate(handle);
  return handle;
}

export interface TestEngine {
  name: 'PGlite' | 'Postgres';
  available: boolean;
  open(): Promise<{ db: Database; close(): Promise<void> }>;
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
