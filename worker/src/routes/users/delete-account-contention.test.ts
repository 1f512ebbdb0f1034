import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import type { CreatedUser } from '#test/factories';
import { call, createTestPost, createUser, postsApp } from '#test/post-factories';
import { createTestDatabase, slowDeadlockPool, type TestDatabase } from '#test/postgres';
import { postgresAvailable } from '#test/services';

// As in the lock-order test (ADR 0100): the retry hides a deadlock from the client, so the test asks
// Postgres how many it broke. A long deadlock_timeout leaves two transactions in a cycle more time
// to be seen as one rather than one of them timing out of it.
const deadlockTimeoutMs = 5000;

interface Answer {
  what: string;
  status: number;
  ms: number;
}

describe.skipIf(!(await postgresAvailable()))('deleting an account while others write to its posts (Postgres)', () => {
  let database: TestDatabase;
  let slowDeadlocks: DbHandle;
  let ctx: Awaited<ReturnType<typeof postsApp>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    slowDeadlocks = await slowDeadlockPool(database, deadlockTimeoutMs);
    ctx = await postsApp(slowDeadlocks.db);
  });
  afterAll(() => database.drop());

  const timed = async (what: string, as: CreatedUser, method: string, path: string, body?: unknown) => {
    const started = performance.now();
    const res = await call(ctx.app, method, path, as, body);
    return { what, status: res.status, ms: performance.now() - started };
  };

  it('answers every comment, like, follow and the deletion itself without a deadlock or a 5xx, counters exact', async () => {
    const answers: Answer[] = [];
    const other = await createUser(slowDeadlocks.db);
    const othersPost = await createTestPost(ctx.app, other);
    const people = await Promise.all(Array.from({ length: 6 }, () => createUser(slowDeadlocks.db)));
    for (let round = 0; round < 3; round++) {
      const leaving = await createUser(slowDeadlocks.db);
      const posts = [await createTestPost(ctx.app, leaving), await createTestPost(ctx.app, leaving)];
      // The leaving account has a footprint elsewhere too: a comment with a reply, a like, follows.
      const made = await call(ctx.app, 'POST', `/api/posts/${othersPost.slug}/comments`, leaving, { body: 'bye' });
      const { comment } = (await made.json()) as { comment: { id: string } };
      await call(ctx.app, 'POST', `/api/posts/${othersPost.slug}/comments`, other, {
        body: 'ok',
        parentId: comment.id,
      });
      await call(ctx.app, 'POST', `/api/posts/${othersPost.slug}/like`, leaving);
      await call(ctx.app, 'POST', `/api/users/${other.user.username}/follow`, leaving);

      let deleted = false;
      const writer = async (as: CreatedUser, i: number) => {
        for (let n = 0; !deleted || n < 2; n++) {
          const post = posts[n % 2]?.slug;
          answers.push(
            await (i % 3 === 0
              ? timed('comment', as, 'POST', `/api/posts/${post}/comments`, { body: `round ${round}.${n}` })
              : i % 3 === 1
                ? timed('like', as, n % 4 < 2 ? 'POST' : 'DELETE', `/api/posts/${post}/like`)
                : timed('follow', as, n % 2 ? 'DELETE' : 'POST', `/api/users/${leaving.user.username}/follow`)),
          );
          answers.push(
            await timed('like elsewhere', as, n % 2 ? 'DELETE' : 'POST', `/api/posts/${othersPost.slug}/like`),
          );
        }
      };
      const deletion = (async () => {
        // Let the writers get going on the account's posts before it goes.
        await new Promise((resolve) => setTimeout(resolve, 150));
        try {
          answers.push(
            await timed('delete account', leaving, 'DELETE', '/api/users/me', { currentPassword: leaving.password }),
          );
        } finally {
          deleted = true;
        }
      })();
      await Promise.all([deletion, ...people.map(writer)]);
    }

    // After the account goes its posts and profile are 404; nothing else but success is acceptable.
    const unexpected = answers.filter((a) => a.status >= 300 && !(a.status === 404 && a.what !== 'delete account'));
    expect(unexpected).toEqual([]);
    expect(answers.filter((a) => a.what === 'delete account').map((a) => a.status)).toEqual([204, 204, 204]);
    // Postgres counts every deadlock it broke; a closed connection has reported its own.
    await slowDeadlocks.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [stats] = (
      (await database.handle.db.execute(
        sql`select deadlocks::int as deadlocks from pg_stat_database where datname = current_database()`,
      )) as unknown as { rows: { deadlocks: number }[] }
    ).rows;
    const slowest = answers.reduce((max, a) => (a.ms > max.ms ? a : max));
    expect(stats?.deadlocks, `slowest answer: ${slowest.what} in ${Math.round(slowest.ms)} ms`).toBe(0);

    const counted = await database.handle.db.execute(sql`
      select
        (select count(*)::int from posts p where p.likes_count <> (select count(*) from likes l where l.post_id = p.id)) as "likesOff",
        (select count(*)::int from posts p where p.comments_count <>
          (select count(*) from comments c where c.post_id = p.id and c.deleted_at is null)) as "commentsOff",
        (select count(*)::int from users u where u.unread_notifications <>
          (select count(*) from notifications n where n.user_id = u.id and n.read_at is null)) as "unreadOff",
        (select count(*)::int from users u where u.followers_count <>
          (select count(*) from follows f where f.followee_id = u.id)) as "followersOff"`);
    const [off] = (counted as unknown as { rows: Record<string, number>[] }).rows;
    expect(off).toEqual({ likesOff: 0, commentsOff: 0, unreadOff: 0, followersOff: 0 });
  }, 60_000);
});
