import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { notifications } from '#db/schema';
import { describeOnEngines } from '#test/app-under-test';
import { createTestPost, createUser, follow } from '#test/post-factories';

await describeOnEngines('post updates and deletes', { author: {}, reader: {}, admin: { role: 'admin' } }, (t) => {
  const { req, postsCountOf } = t;

  describe('update', () => {
    it('keeps the slug on a title change and re-renders the body', async () => {
      const post = await createTestPost(t.app, t.author, { title: 'Original title' });
      const res = await req('PATCH', `/api/posts/${post.slug}`, t.author, { title: 'New title', body: '_new_' });
      expect(res.status).toBe(200);
      const { post: updated } = await res.json();
      expect(updated).toMatchObject({ slug: post.slug, title: 'New title', html: '<p><em>new</em></p>' });
      expect(updated.publishedAt).toBe(post.publishedAt);
      await t.realtime.settled();
      expect(t.realtime.events.at(-1)).toMatchObject({ room: `post/${post.id}`, type: 'post.updated' });
    });

    it('moves the slug and redirects the old one with 301', async () => {
      const post = await createTestPost(t.app, t.author, { title: 'Moving post' });
      const res = await req('PATCH', `/api/posts/${post.slug}`, t.author, { slug: 'moved-post' });
      expect((await res.json()).post.slug).toBe('moved-post');
      const old = await req('GET', `/api/posts/${post.slug}`);
      expect(old.status).toBe(301);
      expect(old.headers.get('location')).toBe('/api/posts/moved-post');
      const taken = await req('POST', '/api/posts', t.reader, { title: 't', body: '', slug: post.slug });
      expect(taken.status).toBe(409);
      const back = await req('PATCH', '/api/posts/moved-post', t.author, { slug: post.slug });
      expect((await back.json()).post.slug).toBe(post.slug);
      expect((await req('GET', `/api/posts/${post.slug}`)).status).toBe(200);
      expect((await req('GET', '/api/posts/moved-post')).status).toBe(301);
    });

    it('does not redirect an old slug of a post the reader may not see', async () => {
      const post = await createTestPost(t.app, t.author, { status: 'draft' });
      await req('PATCH', `/api/posts/${post.slug}`, t.author, { slug: `${post.slug}-renamed` });
      expect((await req('GET', `/api/posts/${post.slug}`)).status).toBe(404);
      expect((await req('GET', `/api/posts/${post.slug}`, t.author)).status).toBe(301);
    });

    it('answers 409 when moving to a slug that is taken', async () => {
      const a = await createTestPost(t.app, t.author);
      const b = await createTestPost(t.app, t.author);
      const res = await req('PATCH', `/api/posts/${b.slug}`, t.author, { slug: a.slug });
      expect(res.status).toBe(409);
    });

    it('publishes a draft, unpublishes it again and keeps the counter exact', async () => {
      const writer = await createUser(t.db);
      const post = await createTestPost(t.app, writer, { status: 'draft' });
      const published = await req('PATCH', `/api/posts/${post.slug}`, writer, { status: 'published' });
      expect((await published.json()).post.status).toBe('published');
      expect(await postsCountOf(writer.user.id)).toBe(1);
      const back = await req('PATCH', `/api/posts/${post.slug}`, writer, { status: 'draft' });
      expect((await back.json()).post).toMatchObject({ status: 'draft', publishedAt: null });
      expect(await postsCountOf(writer.user.id)).toBe(0);
      expect((await req('GET', `/api/posts/${post.slug}`)).status).toBe(404);
    });

    it('publishes at once a post scheduled in the past, and notifies followers exactly once', async () => {
      const writer = await createUser(t.db);
      const fan = await createUser(t.db);
      await follow(t.db, fan.user.id, writer.user.id);
      const post = await createTestPost(t.app, writer, {
        status: 'scheduled',
        publishAt: new Date(Date.now() - 60_000).toISOString(),
      });
      expect(post.status).toBe('published');
      await req('PATCH', `/api/posts/${post.slug}`, writer, { status: 'draft' });
      await req('PATCH', `/api/posts/${post.slug}`, writer, { status: 'published' });
      const told = await t.db.select().from(notifications).where(eq(notifications.postId, post.id));
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ userId: fan.user.id, actorId: writer.user.id, type: 'publish' });
    });

    it('lets an admin edit any post but not another user', async () => {
      const post = await createTestPost(t.app, t.author);
      expect((await req('PATCH', `/api/posts/${post.slug}`, t.reader, { title: 'x' })).status).toBe(403);
      const res = await req('PATCH', `/api/posts/${post.slug}`, t.admin, { title: 'Moderated' });
      expect(res.status).toBe(200);
      expect((await res.json()).post.author.id).toBe(t.author.user.id);
    });

    it('clears the cover image with null and validates the patch', async () => {
      const post = await createTestPost(t.app, t.author, {
        coverImage: { url: 'https://img.example/a.png', alt: '' },
      });
      const res = await req('PATCH', `/api/posts/${post.slug}`, t.author, { coverImage: null });
      expect((await res.json()).post.coverImage).toBeNull();
      const bad = await req('PATCH', `/api/posts/${post.slug}`, t.author, { title: '' });
      expect(bad.status).toBe(422);
    });
  });
  describe('delete', () => {
    it('deletes for the t.author, 403 for another user, 404 afterwards, and keeps counters', async () => {
      const writer = await createUser(t.db);
      const post = await createTestPost(t.app, writer);
      expect(await postsCountOf(writer.user.id)).toBe(1);
      expect((await req('DELETE', `/api/posts/${post.slug}`, t.reader)).status).toBe(403);
      expect((await req('DELETE', `/api/posts/${post.slug}`, writer)).status).toBe(204);
      expect((await req('GET', `/api/posts/${post.slug}`)).status).toBe(404);
      expect((await req('DELETE', `/api/posts/${post.slug}`, writer)).status).toBe(404);
      expect(await postsCountOf(writer.user.id)).toBe(0);
    });

    it('lets an admin delete any post', async () => {
      const post = await createTestPost(t.app, t.author);
      expect((await req('DELETE', `/api/posts/${post.slug}`, t.admin)).status).toBe(204);
    });
  });
});
