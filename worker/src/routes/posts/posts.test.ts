import { describe, expect, it } from 'vitest';
import { describeOnEngines } from '#test/app-under-test';
import { createTestPost, createUser } from '#test/post-factories';
import { xssPayloads } from '#test/xss-corpus';
import { publicCacheControl } from '#worker/middleware/etag';
import { deriveContent } from '#worker/services/content';

await describeOnEngines('posts', { author: {}, reader: {}, admin: { role: 'admin' } }, (t) => {
  const { req, postsCountOf } = t;

  describe('create', () => {
    it('creates a post with rendered html, excerpt, reading time and tags', async () => {
      const res = await req('POST', '/api/posts', t.author, {
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
        author: { id: t.author.user.id, username: t.author.user.username },
      });
      expect(post.html).toContain('<strong>bold</strong>');
      expect(post.html).toContain('rel="nofollow noopener noreferrer"');
      expect(post.publishedAt).not.toBeNull();
      expect(post.author).not.toHaveProperty('email');
    });

    it('defaults to a draft and suffixes a colliding slug', async () => {
      const first = await createTestPost(t.app, t.author, { title: 'Same Title' });
      const second = await createTestPost(t.app, t.author, { title: 'Same title', status: 'draft' });
      const third = await createTestPost(t.app, t.reader, { title: 'same TITLE' });
      expect([first.slug, second.slug, third.slug]).toEqual(['same-title', 'same-title-2', 'same-title-3']);
      expect(second).toMatchObject({ status: 'draft', publishedAt: null, publishAt: null });
    });

    it('never generates the reserved slug "drafts" and slugs titles with no letters', async () => {
      expect((await createTestPost(t.app, t.author, { title: 'Drafts' })).slug).toBe('drafts-2');
      expect((await createTestPost(t.app, t.author, { title: '!!!' })).slug).toMatch(/^post(-\d+)?$/);
      expect((await createTestPost(t.app, t.author, { title: 'Crème brûlée' })).slug).toBe('creme-brulee');
    });

    it('takes an explicit slug, and answers 409 when it is taken', async () => {
      const post = await createTestPost(t.app, t.author, { slug: 'my-own-slug' });
      expect(post.slug).toBe('my-own-slug');
      const res = await req('POST', '/api/posts', t.reader, { title: 'x', body: '', slug: 'my-own-slug' });
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
      const res = await req('POST', '/api/posts', t.author, body);
      expect(res.status).toBe(422);
      const { error } = await res.json();
      expect(error.code).toBe('validation_failed');
      expect(error.details).toHaveProperty([field]);
    });

    it('answers 401 without a token and 400 on malformed JSON', async () => {
      expect((await req('POST', '/api/posts', undefined, { title: 't', body: '' })).status).toBe(401);
      const res = await t.app.request('/api/posts', {
        method: 'POST',
        headers: { ...t.author.headers, 'content-type': 'application/json' },
        body: '{"title":',
      });
      expect(res.status).toBe(400);
    });

    it('keeps the author posts counter equal to their published posts', async () => {
      const writer = await createUser(t.db);
      await createTestPost(t.app, writer);
      await createTestPost(t.app, writer, { status: 'draft' });
      const later = new Date(Date.now() + 3_600_000).toISOString();
      await createTestPost(t.app, writer, { status: 'scheduled', publishAt: later });
      expect(await postsCountOf(writer.user.id)).toBe(1);
    });
  });
  describe('stored XSS', () => {
    it('keeps markup in titles as inert text and never puts the title into html', async () => {
      const title = '<img src=x onerror=alert(1)><script>alert(2)</script>';
      // The API refuses NUL before the pipeline sees it (422); xss.test.ts feeds those to the pipeline.
      const payloads = xssPayloads.filter((payload) => !payload.includes('\u0000')).join('\n\n');
      const post = await createTestPost(t.app, t.author, { title, body: payloads });
      expect(post.slug).toBe('img-src-x-onerror-alert-1-script-alert-2-script');
      const res = await req('GET', `/api/posts/${post.slug}`);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const { post: read } = await res.json();
      expect(read.title).toBe(title);
      // What is stored is exactly the pipeline's output, which xss.test.ts parses payload by payload.
      expect(read.html).toBe(deriveContent(payloads).html);
      expect(read.html).not.toMatch(/<(script|iframe|object|embed|svg|math|style|form)\b/i);
      expect(read.html).not.toContain(title);
    });
  });
  describe('read', () => {
    it('shows a published post to anyone, with cache headers and a strong ETag', async () => {
      const post = await createTestPost(t.app, t.author);
      const res = await req('GET', `/api/posts/${post.slug}`);
      expect(res.status).toBe(200);
      expect((await res.json()).post).toMatchObject({ id: post.id, html: post.html });
      expect(res.headers.get('cache-control')).toBe(publicCacheControl);
      const etag = res.headers.get('etag') ?? '';
      // The version first (If-Match reads it, ADR 0083), then the digest of these exact bytes.
      expect(etag).toMatch(/^"v1-[0-9a-f]{32}"$/);
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
      const post = await createTestPost(t.app, t.author);
      const res = await req('GET', `/api/posts/${post.slug}`, t.reader);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect((await res.json()).post.likedByMe).toBe(false);
    });

    it('hides drafts from everyone but the author and admins', async () => {
      const draft = await createTestPost(t.app, t.author, { status: 'draft' });
      expect((await req('GET', `/api/posts/${draft.slug}`)).status).toBe(404);
      expect((await req('GET', `/api/posts/${draft.slug}`, t.reader)).status).toBe(404);
      expect((await req('GET', `/api/posts/${draft.slug}`, t.author)).status).toBe(200);
      expect((await req('GET', `/api/posts/${draft.slug}`, t.admin)).status).toBe(200);
    });

    it('answers 404 or 422, never 500, when a path or query carries a NUL', async () => {
      expect((await req('GET', '/api/posts/a%00b')).status).toBe(404);
      expect((await req('POST', '/api/posts/a%00b/like', t.reader)).status).toBe(404);
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
});
