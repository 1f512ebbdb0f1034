import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comments, follows, notifications, users } from '#db/schema';
import type { Database } from '#db/types';
import { createTestDeps } from '#test/deps';
import { observingRealtime } from '#test/post-factories';
import { createTestDatabase, type TestDatabase } from '#test/postgres';
import { call } from '#test/requests';
import { commentsCountOf, seedPost, seedUser, type TestActor } from '#test/seeds';
import { postgresAvailable } from '#test/services';
import { createApp } from '#worker/app';
import type { RealtimeEvent, RealtimePublisher } from '#worker/ports';

const available = await postgresAvailable();

// PGlite has one connection, so only real Postgres can show what parallel transactions do.
describe.skipIf(!available)('concurrent writes on real Postgres', () => {
  let database: TestDatabase;
  let db: Database;
  let app: ReturnType<typeof createApp>;
  let realtime: RealtimePublisher;
  let observer: pg.Pool;
  const visibleAtPublish: boolean[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.handle.db;
    observer = new pg.Pool({ connectionString: database.url, max: 4 });
    // Looks from another connection: a comment published before its commit would not be there yet.
    const observe = async (event: RealtimeEvent) => {
      if (event.type !== 'comment.created') return;
      const { id } = event.data as { id: string };
      const { rowCount } = await observer.query('select 1 from comments where id = $1', [id]);
      visibleAtPublish.push(rowCount === 1);
    };
    realtime = observingRealtime(db, observe);
    app = createApp(await createTestDeps(db, { realtime }));
  });
  afterAll(async () => {
    await observer?.end();
    await database?.drop();
  });

  async function liveComments(postId: string) {
    const [row] = await db
      .select({ n: count() })
      .from(comments)
      .where(and(eq(comments.postId, postId), isNull(comments.deletedAt)));
    return row?.n;
  }
  const seedUsers = (n: number, name: string) => Promise.all(Array.from({ length: n }, () => seedUser(db, name)));
  const addComment = (slug: string, actor: TestActor, body: string, parentId?: string) =>
    call(app, 'POST', `/api/posts/${slug}/comments`, actor, { body, parentId });

  it('counts 40 simultaneous comments exactly, and publishes each only after it committed', async () => {
    const author = await seedUser(db, 'author');
    const readers = await seedUsers(8, 'reader');
    const { id, slug } = await seedPost(db, author);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => addComment(slug, readers[i % readers.length] as TestActor, `c${i}`)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(await commentsCountOf(db, id)).toBe(40);
    expect(await liveComments(id)).toBe(40);
    await realtime.settled();
    expect(visibleAtPublish).toHaveLength(40);
    expect(visibleAtPublish.every(Boolean)).toBe(true);
  });

  it('keeps the count exact while comments are created and deleted at once', async () => {
    const author = await seedUser(db, 'author');
    const { id, slug } = await seedPost(db, author);
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => addComment(slug, author, `old${i}`)));
    const ids = await Promise.all(first.map(async (r) => (await r.json()).comment.id as string));
    const mixed = await Promise.all([
      ...ids.slice(0, 10).map((cid) => call(app, 'DELETE', `/api/comments/${cid}`, author)),
      ...ids.slice(10, 15).map((cid) => addComment(slug, author, 'reply', cid)),
      ...Array.from({ length: 10 }, (_, i) => addComment(slug, author, `new${i}`)),
    ]);
    expect(mixed.every((r) => r.status === 204 || r.status === 201)).toBe(true);
    expect(await commentsCountOf(db, id)).toBe(25);
    expect(await liveComments(id)).toBe(25);
  });

  it('never fails when a comment is deleted while someone replies to it', async () => {
    const author = await seedUser(db, 'author');
    const replier = await seedUser(db, 'replier');
    const { id, slug } = await seedPost(db, author);
    for (let round = 0; round < 10; round++) {
      const parent = (await (await addComment(slug, author, `p${round}`)).json()).comment;
      const [deleted, reply] = await Promise.all([
        call(app, 'DELETE', `/api/comments/${parent.id}`, author),
        addComment(slug, replier, 'quick reply', parent.id),
      ]);
      expect(deleted.status).toBe(204);
      // Either the reply came first (parent becomes a tombstone) or the delete did (reply refused).
      expect([201, 422]).toContain(reply.status);
    }
    expect(await commentsCountOf(db, id)).toBe(await liveComments(id));
  });

  it('keeps unread counts exact while notifications arrive, are read and go at once', async () => {
    const [left, right] = await seedUsers(2, 'author');
    const readers = await seedUsers(8, 'reader');
    const posts = [await seedPost(db, left as TestActor), await seedPost(db, right as TestActor)];
    // Each reply notifies two users in one statement: both authors, in either order of their ids.
    const parents = await Promise.all([
      addComment(posts[0]?.slug ?? '', right as TestActor, 'from the right'),
      addComment(posts[1]?.slug ?? '', left as TestActor, 'from the left'),
    ]);
    const parentIds = await Promise.all(parents.map(async (r) => (await r.json()).comment.id as string));
    const results = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) =>
        addComment(posts[i % 2]?.slug ?? '', readers[i % readers.length] as TestActor, `r${i}`, parentIds[i % 2]),
      ),
      ...[left, right, left].map((who) => call(app, 'POST', '/api/notifications/read-all', who)),
    ]);
    expect(results.every((r) => r.status === 201 || r.status === 204)).toBe(true);
    const exact = async (who: TestActor) => {
      const [row] = await db
        .select({ n: count() })
        .from(notifications)
        .where(and(eq(notifications.userId, who.id), isNull(notifications.readAt)));
      const res = await call(app, 'GET', '/api/notifications/unread-count', who);
      expect(await res.json()).toEqual({ count: row?.n });
    };
    await exact(left as TestActor);
    await exact(right as TestActor);
    await Promise.all([
      call(app, 'DELETE', `/api/posts/${posts[0]?.slug}`, left),
      ...Array.from({ length: 6 }, (_, i) => addComment(posts[1]?.slug ?? '', readers[i] as TestActor, `late${i}`)),
    ]);
    await exact(left as TestActor);
    await exact(right as TestActor);
  });

  it('counts 30 simultaneous followers exactly, duplicates included', async () => {
    const star = await seedUser(db, 'star');
    const fans = await seedUsers(30, 'fan');
    const results = await Promise.all([
      ...fans.map((fan) => call(app, 'POST', `/api/users/${star.username}/follow`, fan)),
      ...fans.slice(0, 10).map((fan) => call(app, 'POST', `/api/users/${star.username}/follow`, fan)),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(200));
    const [row] = await db.select({ n: users.followersCount }).from(users).where(eq(users.id, star.id));
    expect(row?.n).toBe(30);

    await Promise.all([
      ...fans.slice(0, 15).map((fan) => call(app, 'DELETE', `/api/users/${star.username}/follow`, fan)),
      ...fans.slice(0, 5).map((fan) => call(app, 'DELETE', `/api/users/${star.username}/follow`, fan)),
    ]);
    const [after] = await db.select({ n: users.followersCount }).from(users).where(eq(users.id, star.id));
    const [edges] = await db.select({ n: count() }).from(follows).where(eq(follows.followeeId, star.id));
    expect(after?.n).toBe(15);
    expect(edges?.n).toBe(15);
  });

  it('lets pairs follow each other at the same moment without deadlocks', async () => {
    const people = await seedUsers(10, 'peer');
    const requests = people.flatMap((a) =>
      people.filter((b) => b !== a).map((b) => call(app, 'POST', `/api/users/${b.username}/follow`, a)),
    );
    const results = await Promise.all(requests);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const rows = await db
      .select({ followers: users.followersCount, following: users.followingCount })
      .from(users)
      .where(
        inArray(
          users.id,
          people.map((p) => p.id),
        ),
      );
    expect(rows).toEqual(Array(10).fill({ followers: 9, following: 9 }));
  });
});
