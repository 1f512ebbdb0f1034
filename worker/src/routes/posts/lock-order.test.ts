import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import type { CreatedUser } from '#test/factories';
import { call, createTestPost, createUser, postsApp } from '#test/post-factories';
import { createTestDatabase, slowDeadlockPool, type TestDatabase } from '#test/postgres';
import { postgresAvailable } from '#test/services';

// A deadlock stalls its victim for deadlock_timeout before Postgres breaks it. Five seconds here
// makes one impossible to miss: every answer must come well before that (ADR 0100).
const deadlockTimeoutMs = 5000;

describe.skipIf(!(await postgresAvailable()))('one lock order for every write (Postgres)', () => {
  let database: TestDatabase;
  let slowDeadlocks: DbHandle;
  let ctx: Awaited<ReturnType<typeof postsApp>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    slowDeadlocks = await slowDeadlockPool(database, deadlockTimeoutMs);
    ctx = await postsApp(slowDeadlocks.db);
  });
  afterAll(async () => {
    await slowDeadlocks.close();
    await database.drop();
  });

  const timed = async (run: () => Response | Promise<Response>) => {
    const started = performance.now();
    const res = await run();
    return { status: res.status, ms: performance.now() - started };
  };

  it('lets comments, replies, likes, follows and deletes on one author run together without a deadlock', async () => {
    const author = await createUser(slowDeadlocks.db);
    const posts = [await createTestPost(ctx.app, author), await createTestPost(ctx.app, author)];
    const people = await Promise.all(Array.from({ length: 8 }, () => createUser(slowDeadlocks.db)));
    const req = (as: CreatedUser, method: string, path: string, body?: unknown) =>
      timed(() => call(ctx.app, method, path, as, body));
    const commenter = async (as: CreatedUser, round: number) => {
      const post = posts[round % 2]?.slug;
      const made = await call(ctx.app, 'POST', `/api/posts/${post}/comments`, as, { body: `round ${round}` });
      const { comment } = (await made.json()) as { comment: { id: string } };
      const replied = await req(author, 'POST', `/api/posts/${post}/comments`, {
        body: 'thanks',
        parentId: comment.id,
      });
      const deleted = await req(as, 'DELETE', `/api/comments/${comment.id}`);
      return [{ status: made.status, ms: 0 }, replied, deleted];
    };
    const liker = async (as: CreatedUser, round: number) => [
      await req(as, round % 2 ? 'DELETE' : 'POST', `/api/posts/${posts[0]?.slug}/like`),
      await req(as, round % 2 ? 'DELETE' : 'POST', `/api/posts/${posts[1]?.slug}/like`),
      await req(as, round % 2 ? 'DELETE' : 'POST', `/api/users/${author.user.username}/follow`),
    ];
    const answers = (
      await Promise.all(
        people.map(async (person, i) => {
          const seen = [];
          for (let round = 0; round < 6; round++) seen.push(...(await (i < 4 ? commenter : liker)(person, round)));
          return seen;
        }),
      )
    ).flat();
    expect(answers.filter((a) => a.status >= 300)).toEqual([]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(deadlockTimeoutMs / 2);
    const counted = await slowDeadlocks.db.execute(sql`
      select
        (select sum(likes_count)::int from posts where author_id = ${author.user.id}) as "likesCounter",
        (select count(*)::int from likes l join posts p on p.id = l.post_id where p.author_id = ${author.user.id}) as "likes",
        (select sum(comments_count)::int from posts where author_id = ${author.user.id}) as "commentsCounter",
        (select count(*)::int from comments c join posts p on p.id = c.post_id
          where p.author_id = ${author.user.id} and c.deleted_at is null) as "comments",
        (select unread_notifications from users where id = ${author.user.id}) as "unreadCounter",
        (select count(*)::int from notifications where user_id = ${author.user.id} and read_at is null) as "unread"`);
    const [counts] = (counted as unknown as { rows: Record<string, number>[] }).rows;
    expect(counts?.likesCounter).toBe(counts?.likes);
    expect(counts?.commentsCounter).toBe(counts?.comments);
    expect(counts?.unreadCounter).toBe(counts?.unread);
  });
});
