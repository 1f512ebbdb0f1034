import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, users } from '#db/schema';
import type { Database } from '#db/types';
import { call, createTestPost, createUser, follow, manualClock, postsApp } from '#test/post-factories';
import { createTestDatabase, type TestDatabase, testEngines } from '#test/postgres';
import { postgresAvailable } from '#test/services';
import { runScheduledJobs } from '.';

const publishNotificationsFor = (db: Database, postId: string) =>
  db
    .select()
    .from(notifications)
    .where(and(eq(notifications.postId, postId), eq(notifications.type, 'publish')));
const postsCountOf = async (db: Database, id: string) =>
  (await db.select({ n: users.postsCount }).from(users).where(eq(users.id, id)))[0]?.n;

const engines = await testEngines();
// Small steps: access tokens are checked against the same clock and live 15 minutes.
const step = 10_000;

describe.each(engines)('scheduled publishing on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    let ctx: Awaited<ReturnType<typeof postsApp>>;
    const clock = manualClock();

    beforeAll(async () => {
      ({ db, close } = await engine.open());
      ctx = await postsApp(db, { clock });
    });
    afterAll(() => close());

    it('shows a scheduled post from publishAt on, then publishes it and notifies followers once', async () => {
      const author = await createUser(db);
      const fans = [await createUser(db), await createUser(db)];
      for (const fan of fans) await follow(db, fan.user.id, author.user.id);
      const publishAt = new Date(clock.now().getTime() + step).toISOString();
      const post = await createTestPost(ctx.app, author, { status: 'scheduled', publishAt });
      expect(post).toMatchObject({ status: 'scheduled', publishAt, publishedAt: publishAt });
      expect((await call(ctx.app, 'GET', `/api/posts/${post.slug}`)).status).toBe(404);
      expect(await runScheduledJobs(ctx.deps)).toEqual({ published: 0 });

      clock.advance(step);
      // Uncached reads show it at once, before the job has flipped the stored status.
      const early = await call(ctx.app, 'GET', `/api/posts/${post.slug}`);
      expect((await early.json()).post.status).toBe('published');
      expect(await postsCountOf(db, author.user.id)).toBe(0);

      expect(await runScheduledJobs(ctx.deps)).toEqual({ published: 1 });
      expect(await runScheduledJobs(ctx.deps)).toEqual({ published: 0 });
      expect(await postsCountOf(db, author.user.id)).toBe(1);
      const told = await publishNotificationsFor(db, post.id);
      expect(told.map((n) => n.userId).sort()).toEqual(fans.map((f) => f.user.id).sort());
      await ctx.realtime.settled();
      const rooms = ctx.realtime.events.filter((e) => e.type === 'notification.created').map((e) => e.room);
      expect(rooms.sort()).toEqual(fans.map((f) => `user/${f.user.id}`).sort());
      expect(ctx.realtime.events).toContainEqual(
        expect.objectContaining({ room: `post/${post.id}`, type: 'post.updated' }),
      );
    });

    it('leaves a rescheduled or unpublished post alone', async () => {
      const author = await createUser(db);
      const publishAt = new Date(clock.now().getTime() + step).toISOString();
      const post = await createTestPost(ctx.app, author, { status: 'scheduled', publishAt });
      await call(ctx.app, 'PATCH', `/api/posts/${post.slug}`, author, { status: 'draft' });
      clock.advance(2 * step);
      expect(await runScheduledJobs(ctx.deps)).toEqual({ published: 0 });
      expect((await call(ctx.app, 'GET', `/api/posts/${post.slug}`)).status).toBe(404);
    });
  });
});

// Overlapping runs (two Node instances, a late cron) only race on real Postgres; PGlite has one connection.
describe.skipIf(!(await postgresAvailable()))('scheduled publishing under overlapping runs on Postgres', () => {
  let database: TestDatabase;
  let db: Database;
  let ctx: Awaited<ReturnType<typeof postsApp>>;
  const clock = manualClock();

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.handle.db;
    ctx = await postsApp(db, { clock });
  });
  afterAll(() => database.drop());

  it('publishes each due post exactly once under overlapping runs', async () => {
    const author = await createUser(db);
    const fan = await createUser(db);
    await follow(db, fan.user.id, author.user.id);
    const publishAt = new Date(clock.now().getTime() + step).toISOString();
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await createTestPost(ctx.app, author, { status: 'scheduled', publishAt }));
    clock.advance(step);
    const runs = await Promise.all(Array.from({ length: 5 }, () => runScheduledJobs(ctx.deps)));
    expect(runs.reduce((sum, r) => sum + r.published, 0)).toBe(6);
    expect(await postsCountOf(db, author.user.id)).toBe(6);
    for (const post of made) expect(await publishNotificationsFor(db, post.id)).toHaveLength(1);
  });
});
