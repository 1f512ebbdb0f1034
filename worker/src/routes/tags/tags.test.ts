import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/types';
import { postsAppOn } from '#test/app-under-test';
import type { CreatedUser } from '#test/factories';
import { call, createTestPost, createUser } from '#test/post-factories';
import { contractEngines } from '#test/postgres';

const engines = await contractEngines();

describe.each(engines)('tags on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    let ctx: Awaited<ReturnType<typeof postsAppOn>>;
    let author: CreatedUser;

    beforeAll(async () => {
      const opened = await engine.open();
      ({ db, close } = opened);
      ctx = await postsAppOn(opened);
      author = await createUser(db);
      await createTestPost(ctx.app, author, { tags: ['TypeScript', 'Web Dev'] });
      await createTestPost(ctx.app, author, { tags: ['typescript'] });
      await createTestPost(ctx.app, author, { tags: ['TypeScript', 'Drafts only'], status: 'draft' });
      const later = new Date(Date.now() + 3_600_000).toISOString();
      await createTestPost(ctx.app, author, { tags: ['Future'], status: 'scheduled', publishAt: later });
    });
    afterAll(() => close());

    it('lists tags with their live-post counts, most used first', async () => {
      const res = await call(ctx.app, 'GET', '/api/tags');
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toMatch(/^"/);
      expect(await res.json()).toEqual({
        items: [
          { name: 'TypeScript', slug: 'typescript', postsCount: 2 },
          { name: 'Web Dev', slug: 'web-dev', postsCount: 1 },
        ],
      });
    });

    it('follows a post going back to draft', async () => {
      const post = await createTestPost(ctx.app, author, { tags: ['Fleeting'] });
      const before = await (await call(ctx.app, 'GET', '/api/tags')).json();
      expect(before.items).toContainEqual({ name: 'Fleeting', slug: 'fleeting', postsCount: 1 });
      await call(ctx.app, 'PATCH', `/api/posts/${post.slug}`, author, { status: 'draft' });
      const after = await (await call(ctx.app, 'GET', '/api/tags')).json();
      expect(after.items.map((t: { slug: string }) => t.slug)).not.toContain('fleeting');
    });

    it('lists the live posts of a tag, in any letter case', async () => {
      const res = await call(ctx.app, 'GET', '/api/tags/TypeScript/posts?limit=1');
      expect(res.status).toBe(200);
      const page = await res.json();
      expect(page.items).toHaveLength(1);
      expect(page.items[0].tags).toContain('TypeScript');
      const rest = await (
        await call(ctx.app, 'GET', `/api/tags/typescript/posts?limit=1&cursor=${page.nextCursor}`)
      ).json();
      expect(rest.items).toHaveLength(1);
      expect(rest.nextCursor).toBeNull();
    });

    it('answers 404 for an unknown tag and 422 for a bad limit', async () => {
      expect((await call(ctx.app, 'GET', '/api/tags/nope/posts')).status).toBe(404);
      expect((await call(ctx.app, 'GET', '/api/tags?limit=500')).status).toBe(422);
    });

    it('keeps the first spelling of a tag and replaces a post tags on update', async () => {
      const post = await createTestPost(ctx.app, author, { tags: ['Zed'] });
      const res = await call(ctx.app, 'PATCH', `/api/posts/${post.slug}`, author, { tags: ['ZED', 'Other tag'] });
      expect((await res.json()).post.tags).toEqual(['Other tag', 'Zed']);
    });
  });
});
