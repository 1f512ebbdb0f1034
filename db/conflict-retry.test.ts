import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/support/postgres';
import { postgresAvailable } from '../test/support/services';
import type { Transaction } from './types';

describe.skipIf(!(await postgresAvailable()))('transactions aborted by Postgres run again (Postgres)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.handle.db.execute(sql`create table tally (id int primary key, n int not null)`);
    await database.handle.db.execute(sql`insert into tally values (1, 0), (2, 0)`);
  });
  afterAll(() => database.drop());

  const bump = (tx: Transaction, id: number) => tx.execute(sql`update tally set n = n + 1 where id = ${id}`);

  it('completes both sides of a deadlock instead of failing one', async () => {
    const { db } = database.handle;
    let attempts = 0;
    // Each holds one row and then wants the other's: Postgres must abort one of them.
    const both = [
      [1, 2],
      [2, 1],
    ].map(([first, second]) =>
      db.transaction(async (tx) => {
        attempts += 1;
        await bump(tx, first as number);
        await tx.execute(sql`select pg_sleep(0.2)`);
        await bump(tx, second as number);
      }),
    );
    await Promise.all(both);
    expect(attempts).toBe(3);
    const result = await db.execute(sql`select n from tally order by id`);
    expect((result as unknown as { rows: unknown[] }).rows).toEqual([{ n: 2 }, { n: 2 }]);
  });

  it('still reports other failures at once', async () => {
    let attempts = 0;
    const failing = database.handle.db.transaction(async (tx) => {
      attempts += 1;
      await tx.execute(sql`insert into tally values (1, 0)`);
    });
    await expect(failing).rejects.toThrow();
    expect(attempts).toBe(1);
  });
});
