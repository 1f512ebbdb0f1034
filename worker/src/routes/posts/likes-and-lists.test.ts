import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { notifications } from '#db/schema';
import { describeOnEngines } from '#test/app-under-test';
import { createTestPost, createUser } from '#test/post-factories';

await describeOnEngines('likes and post lists', { author: {}, reader: {} }, (t) => {
  const { req } = t;

  describe('likes', () => {
    it('likes idempotently, notifies the author once, unlikes, and publishes counts', async () => {
      const post = await createTestPost(t.app, t.author);
      for (let i = 0; i < 2; i++) {
        const res = await req('POST', `/api/posts/${post.slug}/like`, t.reader);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ likesCount: 1, likedByMe: true });
      }
      const liked = await t.db.select().from(notifications).where(eq(notifications.postId, post.id));
      expect(liked).toMatchObject([{ type: 'like', userId: t.author.user.id, actorId: t.reader.user.id }]);
      expect((await (await req('GET', `/api/posts/${post.slug}`, t.reader)).json()).post.likedByMe).toBe(true);
      for (let i = 0; i < 2; i++) {
        const res = await req('DELETE', `/api/posts/${post.slug}/like`, t.reader);
        expect(await res.json()).toEqual({ likesCount: 0, likedByMe: false });
      }
      await t.realtime.settled();
      const likeEvents = t.realtime.events.filter((e) => e.room === `post/${post.id}` && e.type === 'post.liked');
      expect(likeEvents.map((e) => e.data)).toEqual([{ likesCount: 1 }, { likesCount: 0 }]);
    });

    it("sends the like notification and the unread count to the author's room, and the count again on unlike", async () => {
      const post = await createTestPost(t.app, t.author);
      const room = `user/${t.author.user.id}`;
      await t.realtime.settled();
      const before = t.realtime.events.length;
      await req('POST', `/api/posts/${post.slug}/like`, t.reader);
      await t.realtime.settled();
      const liked = t.realtime.events.slice(before).filter((e) => e.room === room);
      expect(liked.map((e) => e.type)).toEqual(['notification.created', 'notifications.unread']);
      expect(liked[0]?.data).toMatchObject({ type: 'like', post: { id: post.id }, actor: { id: t.reader.user.id } });
      const unreadAfterLike = (liked[1]?.data as { count: number }).count;
      const middle = t.realtime.events.length;
      await req('DELETE', `/api/posts/${post.slug}/like`, t.reader);
      await t.realtime.settled();
      const unliked = t.realtime.events.slice(middle).filter((e) => e.room === room);
      expect(unliked).toMatchObject([{ type: 'notifications.unread', data: { count: unreadAfterLike - 1 } }]);
    });

    it('does not notify authors of their own likes', async () => {
      const post = await createTestPost(t.app, t.author);
      expect((await req('POST', `/api/posts/${post.slug}/like`, t.author)).status).toBe(200);
      expect(await t.db.select().from(notifications).where(eq(notifications.postId, post.id))).toHaveLength(0);
    });

    it('answers 404 for a draft the caller cannot see and 401 anonymously', async () => {
      const draft = await createTestPost(t.app, t.author, { status: 'draft' });
      expect((await req('POST', `/api/posts/${draft.slug}/like`, t.reader)).status).toBe(404);
      expect((await req('POST', `/api/posts/${draft.slug}/like`)).status).toBe(401);
    });
  });
  describe('lists', () => {
    it('lists the newest live posts of an author with keyset pagination', async () => {
      const writer = await createUser(t.db);
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await createTestPost(t.app, writer));
      await createTestPost(t.app, writer, { status: 'draft' });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/api/posts?author=${writer.user.username}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await (await req('GET', query)).json();
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((p: { id: string }) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(made.map((p) => p.id).reverse());
    });

    it('sorts by likes with sort=top and filters by tag slug', async () => {
      const writer = await createUser(t.db);
      const quiet = await createTestPost(t.app, writer, { tags: ['Sorting Tag'] });
      const loved = await createTestPost(t.app, writer, { tags: ['sorting tag'] });
      await req('POST', `/api/posts/${loved.slug}/like`, t.reader);
      const page = await (await req('GET', '/api/posts?tag=sorting-tag&sort=top')).json();
      expect(page.items.map((p: { id: string }) => p.id)).toEqual([loved.id, quiet.id]);
      expect(page.nextCursor).toBeNull();
    });

    it('rejects a bad limit, sort or cursor with 422', async () => {
      for (const query of ['limit=101', 'limit=0', 'sort=random', 'cursor=not-a-cursor']) {
        const res = await req('GET', `/api/posts?${query}`);
        expect(res.status, query).toBe(422);
      }
    });

    it('lists the caller own drafts and scheduled posts, privately', async () => {
      const writer = await createUser(t.db);
      const draft = await createTestPost(t.app, writer, { status: 'draft' });
      const later = new Date(Date.now() + 3_600_000).toISOString();
      const scheduled = await createTestPost(t.app, writer, { status: 'scheduled', publishAt: later });
      await createTestPost(t.app, writer);
      await createTestPost(t.app, t.reader, { status: 'draft' });
      const res = await req('GET', '/api/posts/drafts', writer);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      const page = await res.json();
      expect(page.items.map((p: { id: string }) => p.id)).toEqual([scheduled.id, draft.id]);
      expect(page.items[0]).toMatchObject({ status: 'scheduled', publishAt: later });
      expect((await req('GET', '/api/posts/drafts')).status).toBe(401);
    });
  });
});
