import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDeps } from '../test/support/deps';
import { createTestDatabase, type TestDatabase } from '../test/support/postgres';
import { freePort } from '../test/support/processes';
import { postgresAvailable } from '../test/support/services';
import { createApp } from '../worker/src/app';
import { createDb } from './client';
import { isDatabaseUnavailable } from './unavailable';

describe('a database that is not there', () => {
  it('answers 503 service_unavailable with Retry-After and the error shape, not 500', async () => {
    const handle = await createDb({ driver: 'pg', url: `postgres://postgres@127.0.0.1:${await freePort()}/none` });
    try {
      const app = createApp(await createTestDeps(handle.db));
      for (const path of ['/api/posts', '/api/tags', '/api/users/someone']) {
        const res = await app.request(path);
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('2');
        const body = (await res.json()) as { error: { code: string; requestId: string } };
        expect(body.error).toMatchObject({ code: 'service_unavailable', requestId: expect.any(String) });
      }
      const health = await app.request('/api/health');
      expect([health.status, health.headers.get('retry-after')]).toEqual([503, '2']);
    } finally {
      await handle.close();
    }
  });

  it('still calls a wrong query a bug (500), not an outage', async () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
  });
});

describe.skipIf(!(await postgresAvailable()))('a connection lost in the middle of a transaction (Postgres)', () => {
  let database: TestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await database.drop();
  });

  it('fails that transaction as "unavailable" without an unhandled error event, and the pool carries on', async () => {
    const { db } = database.handle;
    const failed = db.transaction(async (tx) => {
      const result = await tx.execute(sql`select pg_backend_pid() as pid`);
      const [{ pid }] = (result as unknown as { rows: [{ pid: number }] }).rows;
      // The server ends this very backend, as an immediate restart or an admin would (57P01).
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await tx.execute(sql`select pg_sleep(0.05)`);
    });
    const error = await failed.catch((e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
    const again = await db.execute(sql`select 1 as one`);
    expect((again as unknown as { rows: unknown[] }).rows).toEqual([{ one: 1 }]);
  });
});
