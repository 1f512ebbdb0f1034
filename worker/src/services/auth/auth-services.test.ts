import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens, users } from '#db/schema';
import type { Database } from '#db/types';
import { createTestDeps } from '#test/deps';
import { createUser, factoryPasswordHash } from '#test/factories';
import { createTestDatabase, type TestDatabase, testEngines } from '#test/postgres';
import { postgresAvailable } from '#test/services';
import { AppError } from '#worker/errors';
import type { Deps } from '#worker/ports';

import { userConflictFrom } from '../users/unique-violation';
import { login } from './login';
import { refreshSession } from './refresh';
import { register } from './register';

const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'rejected' && result.reason instanceof AppError ? result.reason.code : result.status;

describe.skipIf(!(await postgresAvailable()))('auth services under concurrency on Postgres', () => {
  let database: TestDatabase;
  let db: Database;
  let deps: Deps;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.handle.db;
    deps = await createTestDeps(db);
  });
  afterAll(() => database.drop());

  it('lets exactly one of two concurrent refreshes of a token win, and the winner keeps its session', async () => {
    const { user, password } = await createUser(db);
    for (let round = 0; round < 5; round++) {
      const session = await login(deps, { email: user.email, password });
      // Two connections open before the race: one that had to connect first would read the token only after
      // the other's whole refresh committed, which is a reuse, not a race.
      await Promise.all([db.execute(sql`select 1`), db.execute(sql`select 1`)]);
      const results = await Promise.allSettled([
        refreshSession(deps, session.refreshToken),
        refreshSession(deps, session.refreshToken),
      ]);
      const winners = results.filter((result) => result.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      expect(results.map(codeOf).sort()).toEqual(['fulfilled', 'token_invalid']);
      const winner = winners[0] as PromiseFulfilledResult<{ refreshToken: string }>;
      await expect(refreshSession(deps, winner.value.refreshToken)).resolves.toHaveProperty('accessToken');
    }
  });

  it('issues at most one live successor from a burst of refreshes of one token', async () => {
    const { user, password } = await createUser(db);
    const session = await login(deps, { email: user.email, password });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => refreshSession(deps, session.refreshToken)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    // Late losers see a used token and revoke the family; early ones only lose the race.
    for (const code of results.map(codeOf)) expect(['fulfilled', 'token_invalid', 'refresh_reused']).toContain(code);
    const live = await db
      .select({ id: refreshTokens.id })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.userId, user.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)));
    expect(live.length).toBeLessThanOrEqual(1);
  });

  it('answers 409 conflict on email to all but one of concurrent registrations (unique index decides)', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        register(deps, { email: 'race@example.test', username: `racer_${i}`, password: 'a-good-long-password' }),
      ),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((code) => code === 'fulfilled')).toHaveLength(1);
    expect(codes.filter((code) => code === 'conflict')).toHaveLength(5);
    for (const result of results) {
      if (result.status === 'rejected') expect((result.reason as AppError).details).toEqual({ field: 'email' });
    }
  });

  it('refuses to refresh for a suspended user with 403', async () => {
    const { user, password } = await createUser(db);
    const session = await login(deps, { email: user.email, password });
    await db.update(users).set({ suspendedAt: new Date() }).where(eq(users.id, user.id));
    await expect(refreshSession(deps, session.refreshToken)).rejects.toMatchObject({ code: 'account_suspended' });
  });
});

describe.each(await testEngines())('unique violations on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ db, close } = await engine.open());
    });
    afterAll(() => close());

    it.each(['email', 'username'] as const)('maps a duplicate %s from the driver to 409 naming it', async (field) => {
      const { user } = await createUser(db);
      const row = {
        email: field === 'email' ? user.email : 'fresh-address@example.test',
        username: field === 'username' ? user.username : 'fresh_name',
        passwordHash: factoryPasswordHash,
      };
      const error = await db
        .insert(users)
        .values(row)
        .then(() => undefined)
        .catch((caught: unknown) => caught);
      expect(userConflictFrom(error)).toMatchObject({ code: 'conflict', details: { field } });
      expect(userConflictFrom(new Error('something else'))).toBeUndefined();
    });
  });
});
