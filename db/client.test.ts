import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, createTestDatabase } from '../test/support/postgres';
import { postgresAvailable, postgresUrlBase } from '../test/support/services';
import { startNeonWsProxy } from '../tools/neon-ws-proxy/proxy';
import type { DbHandle } from './client';
import { refreshTokens, users } from './schema';

interface Opened {
  handle: DbHandle;
  close(): Promise<void>;
}

const pgUp = await postgresAvailable();

const drivers: { name: DbHandle['driver']; needsPostgres: boolean; open(): Promise<Opened> }[] = [
  {
    name: 'pg',
    needsPostgres: true,
    async open() {
      const database = await createTestDatabase('pg');
      return { handle: database.handle, close: database.drop };
    },
  },
  {
    name: 'neon-ws',
    needsPostgres: true,
    async open() {
      const proxy = await startNeonWsProxy({ allow: [new URL(postgresUrlBase).host] });
      const database = await createTestDatabase('neon-ws', proxy.address);
      return {
        handle: database.handle,
        async close() {
          await database.drop();
          await proxy.close();
        },
      };
    },
  },
  {
    name: 'pglite',
    needsPostgres: false,
    async open() {
      const handle = await createPgliteDatabase();
      return { handle, close: () => handle.close() };
    },
  },
];

function newUser(username: string) {
  return { email: `${username}@example.test`, username, passwordHash: 'argon2-hash-placeholder' };
}

for (const driver of drivers) {
  describe.skipIf(driver.needsPostgres && !pgUp)(`the ${driver.name} driver`, () => {
    let opened: Opened;
    beforeAll(async () => {
      opened = await driver.open();
    });
    afterAll(() => opened?.close());

    it('applies the migrations', async () => {
      const { db } = opened.handle;
      // Every driver answers raw SQL with `{ rows }`; the shared Database type leaves it unknown.
      const result = (await db.execute(
        sql`select table_name as name from information_schema.tables where table_schema = 'public'`,
      )) as unknown as { rows: { name: string }[] };
      const tables = result.rows.map((row) => row.name);
      expect(tables).toEqual(expect.arrayContaining(['users', 'refresh_tokens', 'posts', 'comments', 'media']));
    });

    it('round-trips a row with its defaults', async () => {
      const { db } = opened.handle;
      const [created] = await db.insert(users).values(newUser('round_trip')).returning();
      const [read] = await db.select().from(users).where(eq(users.id, created!.id));
      expect(read).toMatchObject({ username: 'round_trip', role: 'user', tokenVersion: 0, followersCount: 0 });
      expect(read!.createdAt).toBeInstanceOf(Date);
      expect(read!.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('commits every write of a transaction together', async () => {
      const { db } = opened.handle;
      const userId = await db.transaction(async (tx) => {
        const [user] = await tx.insert(users).values(newUser('committed')).returning({ id: users.id });
        await tx.insert(refreshTokens).values({
          userId: user!.id,
          familyId: crypto.randomUUID(),
          tokenHash: 'hash-committed',
          expiresAt: new Date(Date.now() + 60_000),
        });
        return user!.id;
      });
      const tokens = await db.select().from(refreshTokens).where(eq(refreshTokens.userId, userId));
      expect(tokens).toHaveLength(1);
    });

    it('rolls back every write of a transaction that fails', async () => {
      const { db } = opened.handle;
      const attempt = db.transaction(async (tx) => {
        await tx.insert(users).values(newUser('rolled_back'));
        // The second row breaks the unique email: the first must not survive.
        await tx.insert(users).values({ ...newUser('rolled_back_2'), email: 'rolled_back@example.test' });
      });
      await expect(attempt).rejects.toThrow();
      const left = await db.select().from(users).where(eq(users.username, 'rolled_back'));
      expect(left).toHaveLength(0);
    });

    it('enforces the schema constraints', async () => {
      const { db } = opened.handle;
      await expect(db.insert(users).values(newUser('Not Lower'))).rejects.toThrow();
      await expect(db.insert(users).values(newUser('round_trip'))).rejects.toThrow();
    });

    it('cascades a user deletion to its refresh tokens', async () => {
      const { db } = opened.handle;
      const [user] = await db.insert(users).values(newUser('cascade')).returning({ id: users.id });
      await db.insert(refreshTokens).values({
        userId: user!.id,
        familyId: crypto.randomUUID(),
        tokenHash: 'hash-cascade',
        expiresAt: new Date(Date.now() + 60_000),
      });
      await db.delete(users).where(eq(users.id, user!.id));
      const tokens = await db.select().from(refreshTokens).where(eq(refreshTokens.userId, user!.id));
      expect(tokens).toHaveLength(0);
    });
  });
}
