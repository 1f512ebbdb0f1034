import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, users } from '../../../../db/schema';
import type { Database } from '../../../../db/types';
import type { CreatedUser } from '../../../../test/support/factories';
import {
  call,
  createTestPost,
  createUser,
  follow,
  postsApp,
  postsEngines,
} from '../../../../test/support/post-factories';
import { publicCacheControl } from '../../middleware/etag';
import { deriveContent } from '../../services/content';
import { xssPayloads } from '../../services/content/xss-corpus';

const engines = await postsEngines();

describe.each(engines)('posts on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    let ctx: Awaited<ReturnType<typeof postsApp>>;
    let author: CreatedUser;
    let reader: CreatedUser;
    let admin: CreatedUser;

    beforeAll(async () => {
      ({ db, close } = await engine.open());
      ctx = await postsApp(db);
      author = await createUser(db);
      reader = await createUser(db);
      admin = await createUser(db, { role: 'admin' });
    });
    afterAll(() => close());

    const req = (method: string, path: string, as?: CreatedUser, body?: unknown, headers = {}) =>
      call(ctx.app, method, path, as, body, headers);
    const postsCountOf = async (id: string) =>
      (await db.select({ n: users.postsCount }).from(users).where(eq(users.id, id)))[0]?.n;

    describe('create', () => {
      it('creates a post with rendered html, excerpt, reading time and tags', async () => {
        const res = await req('POST', '/api/posts', author, {
          title: 'Hello, World!',
          body: '# Heading\n\nSome **bold** text and a [link](https://example.com).',
          tags: ['TypeScript', ' web  dev ', 'typescript'],
          coverImage: { url: '/media/abc.png', alt: 'A cover' },
          status: 'published',
        });
        expect(res.status).toBe(201);
        const { post } = await res.json();
        expect(post).toMatchObject({
          slug: 'hello-world',
          title: 'Hello, World!',
          status: 'published',
          excerpt: 'Heading Some bold text and a link.',
          readingTimeMinutes: 1,
          coverImage: { url: '/media/abc.png', alt: 'A cover' },
          tags: ['TypeScript', 'web dev'],
          likesCount: 0,
          commentsCount: 0,
          likedByMe: false,
          author: { id: author.user.id, username: author.user.username },
        });
        expect(post.html).toContain('<strong>bold</strong>');
        expect(post.html).toContain('rel="nofollow noopener noreferrer"');
        expect(post.publishedAt).not.toBeNull();
        expect(post.author).not.toHaveProperty('email');
      });

      it('defaults to a draft and suffixes a colliding slug', async () => {
        const first = await createTestPost(ctx.app, author, { title: 'Same Title' });
        const second = await createTestPost(ctx.app, author, { title: 'Same title', status: 'draft' });
        const third = await createTestPost(ctx.app, reader, { title: 'same TITLE' });
        expect([first.slug, second.slug, third.slug]).toEqual(['same-title', 'same-title-2', 'same-title-3']);
        expect(second).toMatchObject({ status: 'draft', publishedAt: null, publishAt: null });
      });

      it('never generates the reserved slug "drafts" and slugs titles with no letters', async () => {
        expect((await createTestPost(ctx.app, author, { title: 'Drafts' })).slug).toBe('drafts-2');
        expect((await createTestPost(ctx.app, author, { title: '!!!' })).slug).toMatch(/^post(-\d+)?$/);
        expect((await createTestPost(ctx.app, author, { title: 'Crème brûlée' })).slug).toBe('creme-brulee');
      });

      it('takes an explicit slug, and answers 409 when it is taken', async () => {
        const post = await createTestPost(ctx.app, author, { slug: 'my-own-slug' });
        expect(post.slug).toBe('my-own-slug');
        const res = await req('POST', '/api/posts', reader, { title: 'x', body: '', slug: 'my-own-slug' });
        expect(res.status).toBe(409);
        expect((await res.json()).error).toMatchObject({ code: 'conflict', details: { field: 'slug' } });
      });

      it.each([
        [{ body: 'no title' }, 'title'],
        [{ title: '   ', body: '' }, 'title'],
        [{ title: 'x'.repeat(201), body: '' }, 'title'],
        [{ title: 'bell\u0007', body: '' }, 'title'],
        [{ title: 't', body: '', slug: 'Not A Slug!' }, 'slug'],
        [{ title: 't', body: '', slug: 'drafts' }, 'slug'],
        [{ title: 't', body: '', tags: ['<script>'] }, 'tags.0'],
        [{ title: 't', body: '', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tags'],
        [{ title: 't', body: '', status: 'scheduled' }, 'publishAt'],
        [{ title: 't', body: '', status: 'published', publishAt: '2030-01-01T00:00:00Z' }, 'publishAt'],
        [{ title: 't', body: '', coverImage: { url: 'javascript:alert(1)', alt: '' } }, 'coverImage.url'],
        [{ title: 't', body: '', status: 'live' }, 'status'],
      ])('rejects %j with 422 on %s', async (body, field) => {
        const res = await req('POST', '/api/posts', author, body);
        expect(res.status).toBe(422);
        const { error } = await res.json();
        expect(error.code).toBe('validation_failed');
        expect(error.details).toHaveProperty([field]);
      });

      it('answers 401 without a token and 400 on malformed JSON', async () => {
        expect((await req('POST', '/api/posts', undefined, { title: 't', body: '' })).status).toBe(401);
        const res = await ctx.app.request('/api/posts', {
          method: 'POST',
          headers: { ...author.headers, 'content-type': 'application/json' },
          body: '{"title":',
        });
        expect(res.status).toBe(400);
      });

      it('keeps the author posts counter equal to their published posts', async () => {
        const writer = await createUser(db);
        await createTestPost(ctx.app, writer);
        await createTestPost(ctx.app, writer, { status: 'draft' });
        const later = new Date(Date.now() + 3_600_000).toISOString();
        await createTestPost(ctx.app, writer, { status: 'scheduled', publishAt: later });
        expect(await postsCountOf(writer.user.id)).toBe(1);
      });
    });

    describe('stored XSS', () => {
      it('keeps markup in titles as inert text and never puts the title into html', async () => {
        const title = '<img src=x onerror=alert(1)><script>alert(2)</script>';
        const post = await createTestPost(ctx.app, author, { title, body: xssPayloads.join('\n\n') });
        expect(post.slug).toBe('img-src-x-onerror-alert-1-script-alert-2-script');
        const res = await req('GET', `/api/posts/${post.slug}`);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        const { post: read } = await res.json();
        expect(read.title).toBe(title);
        // What is stored is exactly the pipeline's output, which xss.test.ts parses payload by payload.
        expect(read.html).toBe(deriveContent(xssPayloads.join('\n\n')).html);
        expect(read.html).not.toMatch(/<(script|iframe|object|embed|svg|math|style|form)\b/i);
        expect(read.html).not.toContain(title);
      });
    });

    describe('read', () => {
      it('shows a published post to anyone, with cache headers and a strong ETag', async () => {
        const post = await createTestPost(ctx.app, author);
        const res = await req('GET', `/api/posts/${post.slug}`);
        expect(res.status).toBe(200);
        expect((await res.json()).post).toMatchObject({ id: post.id, html: post.html });
        expect(res.headers.get('cache-control')).toBe(publicCacheControl);
        const etag = res.headers.get('etag') ?? '';
        expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
        const again = await req('GET', `/api/posts/${post.slug}`, undefined, undefined, { 'If-None-Match': etag });
        expect(again.status).toBe(304);
        expect(await again.text()).toBe('');
        const weak = await req('GET', `/api/posts/${post.slug}`, undefined, undefined, {
          'If-None-Match': `W/${etag}`,
        });
        expect(weak.status).toBe(304);
        const stale = await req('GET', `/api/posts/${post.slug}`, undefined, undefined, { 'If-None-Match': '"x"' });
        expect(stale.status).toBe(200);
      });

      it('marks answers for a signed-in reader private and adds likedByMe', async () => {
        const post = await createTestPost(ctx.app, author);
        const res = await req('GET', `/api/posts/${post.slug}`, reader);
        expect(res.headers.get('cache-control')).toBe('private, no-store');
        expect((await res.json()).post.likedByMe).toBe(false);
      });

      it('hides drafts from everyone but the author and admins', async () => {
        const draft = await createTestPost(ctx.app, author, { status: 'draft' });
        expect((await req('GET', `/api/posts/${draft.slug}`)).status).toBe(404);
        expect((await req('GET', `/api/posts/${draft.slug}`, reader)).status).toBe(404);
        expect((await req('GET', `/api/posts/${draft.slug}`, author)).status).toBe(200);
        expect((await req('GET', `/api/posts/${draft.slug}`, admin)).status).toBe(200);
      });

      it('answers 404 or 422, never 500, when a path or query carries a NUL', async () => {
        expect((await req('GET', '/api/posts/a%00b')).status).toBe(404);
        expect((await req('POST', '/api/posts/a%00b/like', reader)).status).toBe(404);
        expect((await req('GET', '/api/tags/a%00b/posts')).status).toBe(404);
        expect((await req('GET', '/api/posts?author=a%00b')).status).toBe(422);
        expect((await req('GET', '/api/posts?tag=a%00b')).status).toBe(422);
        expect((await req('GET', '/api/search?q=a%00b')).status).toBe(422);
      });

      it('answers 404 for an unknown slug', async () => {
        const res = await req('GET', '/api/posts/no-such-post');
        expect(res.status).toBe(404);
        expect((await res.json()).error.code).toBe('not_found');
      });
    });

    describe('update', () => {
      it('keeps the slug on a title change and re-renders the body', async () => {
        const post = await createTestPost(ctx.app, author, { title: 'Original title' });
        const res = await req('PATCH', `/api/posts/${post.slug}`, author, { title: 'New title', body: '_new_' });
        expect(res.status).toBe(200);
        const { post: updated } = await res.json();
        expect(updated).toMatchObject({ slug: post.slug, title: 'New title', html: '<p><em>new</em></p>' });
        expect(updated.publishedAt).toBe(post.publishedAt);
        expect(ctx.realtime.events.at(-1)).toMatchObject({ room: `post/${post.id}`, type: 'post.updated' });
      });

      it('moves the slug and redirects the old one with 301', async () => {
        const post = await createTestPost(ctx.app, author, { title: 'Moving post' });
        const res = await req('PATCH', `/api/posts/${post.slug}`, author, { slug: 'moved-post' });
        expect((await res.json()).post.slug).toBe('moved-post');
        const old = await req('GET', `/api/posts/${post.slug}`);
        expect(old.status).toBe(301);
        expect(old.headers.get('location')).toBe('/api/posts/moved-post');
        const taken = await req('POST', '/api/posts', reader, { title: 't', body: '', slug: post.slug });
        expect(taken.status).toBe(409);
        const back = await req('PATCH', '/api/posts/moved-post', author, { slug: post.slug });
        expect((await back.json()).post.slug).toBe(post.slug);
        expect((await req('GET', `/api/posts/${post.slug}`)).status).toBe(200);
        expect((await req('GET', '/api/posts/moved-post')).status).toBe(301);
      });

      it('does not redirect an old slug of a post the reader may not see', async () => {
        const post = await createTestPost(ctx.app, author, { status: 'draft' });
        await req('PATCH', `/api/posts/${post.slug}`, author, { slug: `${post.slug}-renamed` });
        expect((await req('GET', `/api/posts/${post.slug}`)).status).toBe(404);
        expect((await req('GET', `/api/posts/${post.slug}`, author)).status).toBe(301);
      });

      it('answers 409 when moving to a slug that is taken', async () => {
        const a = await createTestPost(ctx.app, author);
        const b = await createTestPost(ctx.app, author);
        const res = await req('PATCH', `/api/posts/${b.slug}`, author, { slug: a.slug });
        expect(res.status).toBe(409);
      });

      it('publishes a draft, unpublishes it again and keeps the counter exact', async () => {
        const writer = await createUser(db);
        const post = await createTestPost(ctx.app, writer, { status: 'draft' });
        const published = await req('PATCH', `/api/posts/${post.slug}`, writer, { status: 'published' });
        expect((await published.json()).post.status).toBe('published');
        expect(await postsCountOf(writer.user.id)).toBe(1);
        const back = await req('PATCH', `/api/posts/${post.slug}`, writer, { status: 'draft' });
        expect((await back.json()).post).toMatchObject({ status: 'draft', publishedAt: null });
        expect(await postsCountOf(writer.user.id)).toBe(0);
        expect((await req('GET', `/api/posts/${post.slug}`)).status).toBe(404);
      });

      it('publishes at once a post scheduled in the past, and notifies followers exactly once', async () => {
        const writer = await createUser(db);
        const fan = await createUser(db);
        await follow(db, fan.user.id, writer.user.id);
        const post = await createTestPost(ctx.app, writer, {
          status: 'scheduled',
          publishAt: new Date(Date.now() - 60_000).toISOString(),
        });
        expect(post.status).toBe('published');
        await req('PATCH', `/api/posts/${post.slug}`, writer, { status: 'draft' });
        await req('PATCH', `/api/posts/${post.slug}`, writer, { status: 'published' });
        const told = await db.select().from(notifications).where(eq(notifications.postId, post.id));
        expect(told).toHaveLength(1);
        expect(told[0]).toMatchObject({ userId: fan.user.id, actorId: writer.user.id, type: 'publish' });
      });

      it('lets an admin edit any post but not another user', async () => {
        const post = await createTestPost(ctx.app, author);
        expect((await req('PATCH', `/api/posts/${post.slug}`, reader, { title: 'x' })).status).toBe(403);
        const res = await req('PATCH', `/api/posts/${post.slug}`, admin, { title: 'Moderated' });
        expect(res.status).toBe(200);
        expect((await res.json()).post.author.id).toBe(author.user.id);
      });

      it('clears the cover image with null and validates the patch', async () => {
        const post = await createTestPost(ctx.app, author, {
          coverImage: { url: 'https://img.example/a.png', alt: '' },
        });
        const res = await req('PATCH', `/api/posts/${post.slug}`, author, { coverImage: null });
        expect((await res.json()).post.coverImage).toBeNull();
        const bad = await req('PATCH', `/api/posts/${post.slug}`, author, { title: '' });
        expect(bad.status).toBe(422);
      });
    });

    describe('delete', () => {
      it('deletes for the author, 403 for another user, 404 afterwards, and keeps counters', async () => {
        const writer = await createUser(db);
        const post = await createTestPost(ctx.app, writer);
        expect(await postsCountOf(writer.user.id)).toBe(1);
        expect((await req('DELETE', `/api/posts/${post.slug}`, reader)).status).toBe(403);
        expect((await req('DELETE', `/api/posts/${post.slug}`, writer)).status).toBe(204);
        expect((await req('GET', `/api/posts/${post.slug}`)).status).toBe(404);
        expect((await req('DELETE', `/api/posts/${post.slug}`, writer)).status).toBe(404);
        expect(await postsCountOf(writer.user.id)).toBe(0);
      });

      it('lets an admin delete any post', async () => {
        const post = await createTestPost(ctx.app, author);
        expect((await req('DELETE', `/api/posts/${post.slug}`, admin)).status).toBe(204);
      });
    });

    describe('likes', () => {
      it('likes idempotently, notifies the author once, unlikes, and publishes counts', async () => {
        const post = await createTestPost(ctx.app, author);
        for (let i = 0; i < 2; i++) {
          const res = await req('POST', `/api/posts/${post.slug}/like`, reader);
          expect(res.status).toBe(200);
          expect(await res.json()).toEqual({ likesCount: 1, likedByMe: true });
        }
        const liked = await db.select().from(notifications).where(eq(notifications.postId, post.id));
        expect(liked).toMatchObject([{ type: 'like', userId: author.user.id, actorId: reader.user.id }]);
        expect((await (await req('GET', `/api/posts/${post.slug}`, reader)).json()).post.likedByMe).toBe(true);
        for (let i = 0; i < 2; i++) {
          const res = await req('DELETE', `/api/posts/${post.slug}/like`, reader);
          expect(await res.json()).toEqual({ likesCount: 0, likedByMe: false });
        }
        const likeEvents = ctx.realtime.events.filter((e) => e.room === `post/${post.id}` && e.type === 'post.liked');
        expect(likeEvents.map((e) => e.data)).toEqual([{ likesCount: 1 }, { likesCount: 0 }]);
      });

      it('does not notify authors of their own likes', async () => {
        const post = await createTestPost(ctx.app, author);
        expect((await req('POST', `/api/posts/${post.slug}/like`, author)).status).toBe(200);
        expect(await db.select().from(notifications).where(eq(notifications.postId, post.id))).toHaveLength(0);
      });

      it('answers 404 for a draft the caller cannot see and 401 anonymously', async () => {
        const draft = await createTestPost(ctx.app, author, { status: 'draft' });
        expect((await req('POST', `/api/posts/${draft.slug}/like`, reader)).status).toBe(404);
        expect((await req('POST', `/api/posts/${draft.slug}/like`)).status).toBe(401);
      });
    });

    describe('lists', () => {
      it('lists the newest live posts of an author with keyset pagination', async () => {
        const writer = await createUser(db);
        const made = [];
        for (let i = 0; i < 5; i++) made.push(await createTestPost(ctx.app, writer));
        await createTestPost(ctx.app, writer, { status: 'draft' });
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
        const writer = await createUser(db);
        const quiet = await createTestPost(ctx.app, writer, { tags: ['Sorting Tag'] });
        const loved = await createTestPost(ctx.app, writer, { tags: ['sorting tag'] });
        await req('POST', `/api/posts/${loved.slug}/like`, reader);
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
        const writer = await createUser(db);
        const draft = await createTestPost(ctx.app, writer, { status: 'draft' });
        const later = new Date(Date.now() + 3_600_000).toISOString();
        const scheduled = await createTestPost(ctx.app, writer, { status: 'scheduled', publishAt: later });
        await createTestPost(ctx.app, writer);
        await createTestPost(ctx.app, reader, { status: 'draft' });
        const res = await req('GET', '/api/posts/drafts', writer);
        expect(res.headers.get('cache-control')).toBe('private, no-store');
        const page = await res.json();
        expect(page.items.map((p: { id: string }) => p.id)).toEqual([scheduled.id, draft.id]);
        expect(page.items[0]).toMatchObject({ status: 'scheduled', publishAt: later });
        expect((await req('GET', '/api/posts/drafts')).status).toBe(401);
      });
    });
  });
});
