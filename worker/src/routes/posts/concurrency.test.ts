import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { likes, posts } from '#db/schema';
import type { Database } from '#db/types';
import type { CreatedUser } from '#test/factories';
import { call, createTestPost, createUser, postsApp } from '#test/post-factories';
import { createTestDatabase, type TestDatabase } from '#test/postgres';
import { postgresAvailable } from '#test/services';

// PGlite has one connection, so races only exist on real Postgres.
describe.skipIf(!(await postgresAvailable()))('posts under concurrency on Postgres', () => {
  let database: TestDatabase;
  let db: Database;
  let ctx: Awaited<ReturnType<typeof postsApp>>;
  let author: CreatedUser;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.handle.db;
    ctx = await postsApp(db);
    author = await createUser(db);
  });
  afterAll(() => database.drop());

  const req = (method: string, path: string, as?: CreatedUser) => call(ctx.app, method, path, as);
  async function countsOf(postId: string) {
    const [row] = await db
      .select({
        counter: posts.likesCount,
        rows: sql<number>`(select count(*)::int from ${likes} where ${likes.postId} = ${postId})`,
      })
      .from(posts)
      .where(eq(posts.id, postId));
    return row;
  }

  it('counts 50 simultaneous likes from 50 users exactly', async () => {
    const post = await createTestPost(ctx.app, author);
    const fans = await Promise.all(Array.from({ length: 50 }, () => createUser(db)));
    const answers = await Promise.all(fans.map((fan) => req('POST', `/api/posts/${post.slug}/like`, fan)));
    expect(answers.map((r) => r.status)).toEqual(fans.map(() => 200));
    const seen = await Promise.all(answers.map(async (r) => (await r.json()).likesCount as number));
    expect(new Set(seen).size).toBe(50);
    expect(await countsOf(post.id)).toEqual({ counter: 50, rows: 50 });
    await ctx.realtime.settled();
    const events = ctx.realtime.events.filter((e) => e.room === `post/${post.id}` && e.type === 'post.liked');
    expect(events).toHaveLength(50);
  });

  it('keeps one like for 20 simultaneous likes by the same user', async () => {
    const post = await createTestPost(ctx.app, author);
    const fan = await createUser(db);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => req('POST', `/api/posts/${post.slug}/like`, fan)),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(await countsOf(post.id)).toEqual({ counter: 1, rows: 1 });
  });

  it('keeps the counter equal to the rows through a storm of likes and unlikes', async () => {
    const post = await createTestPost(ctx.app, author);
    const fans = await Promise.all(Array.from({ length: 10 }, () => createUser(db)));
    const storm = fans.flatMap((fan) =>
      ['POST', 'DELETE', 'POST', 'POST', 'DELETE'].map((method) => req(method, `/api/posts/${post.slug}/like`, fan)),
    );
    expect((await Promise.all(storm)).every((r) => r.status === 200)).toBe(true);
    const counts = await countsOf(post.id);
    expect(counts?.counter).toBe(counts?.rows);
  });

  it('pages through a list with no duplicates and no skips while posts are being published', async () => {
    const writer = await createUser(db);
    const existing = [];
    for (let i = 0; i < 40; i++) existing.push(await createTestPost(ctx.app, writer));
    const inserting = (async () => {
      for (let i = 0; i < 20; i++) await createTestPost(ctx.app, writer);
    })();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/posts?author=${writer.user.username}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await (await req('GET', path)).json();
      seen.push(...page.items.map((p: { id: string }) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    await inserting;
    expect(new Set(seen).size).toBe(seen.length);
    const existingIds = existing.map((p) => p.id);
    expect(seen.filter((id) => existingIds.includes(id))).toEqual([...existingIds].reverse());
  });

  it('gives simultaneous posts with the same title distinct slugs', async () => {
    const made = await Promise.all(
      Array.from({ length: 8 }, () => createTestPost(ctx.app, author, { title: 'Racing titles' })),
    );
    const slugs = made.map((p) => p.slug);
    expect(new Set(slugs).size).toBe(8);
    expect(slugs).toContain('racing-titles');
  });
});
