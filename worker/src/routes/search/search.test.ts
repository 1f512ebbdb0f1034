import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/types';
import { postsAppOn } from '#test/app-under-test';
import type { CreatedUser } from '#test/factories';
import { call, createTestPost, createUser } from '#test/post-factories';
import { contractEngines } from '#test/postgres';

const engines = await contractEngines();

describe.each(engines)('search on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    let ctx: Awaited<ReturnType<typeof postsAppOn>>;
    let author: CreatedUser;
    const search = async (q: string, extra = '') => {
      const res = await call(ctx.app, 'GET', `/api/search?q=${encodeURIComponent(q)}${extra}`);
      return { res, page: res.status === 200 ? await res.json() : undefined };
    };

    beforeAll(async () => {
      const opened = await engine.open();
      ({ db, close } = opened);
      ctx = await postsAppOn(opened);
      author = await createUser(db);
    });
    afterAll(() => close());

    it('ranks a title match above a tag match above a body match, with marked snippets', async () => {
      const inBody = await createTestPost(ctx.app, author, {
        title: 'Gardening',
        body: 'My notes on compilers and soil.',
      });
      const inTag = await createTestPost(ctx.app, author, { title: 'Cooking', body: 'Soup.', tags: ['Compilers'] });
      const inTitle = await createTestPost(ctx.app, author, { title: 'Writing compilers', body: 'Parsing first.' });
      const { res, page } = await search('compiler');
      expect(res.status).toBe(200);
      expect(page.items.map((i: { post: { id: string } }) => i.post.id)).toEqual([inTitle.id, inTag.id, inBody.id]);
      expect(page.items[2].snippet).toContain('notes on <mark>compilers</mark> and soil');
    });

    it('supports websearch syntax: phrases and exclusion', async () => {
      await createTestPost(ctx.app, author, { title: 'Quantum foam', body: 'Bubbles of spacetime.' });
      await createTestPost(ctx.app, author, { title: 'Quantum computing', body: 'Qubits and foam insulation.' });
      expect((await search('"quantum foam"')).page.items).toHaveLength(1);
      expect(
        (await search('quantum -computing')).page.items.map((i: { post: { title: string } }) => i.post.title),
      ).toEqual(['Quantum foam']);
    });

    it('finds a post by a word added in an edit, and never drafts', async () => {
      const post = await createTestPost(ctx.app, author, { title: 'Plain', body: 'Nothing here.' });
      await createTestPost(ctx.app, author, { title: 'Secret zeppelin plans', status: 'draft' });
      await call(ctx.app, 'PATCH', `/api/posts/${post.slug}`, author, { body: 'Now about zeppelins.' });
      const { page } = await search('zeppelin');
      expect(page.items.map((i: { post: { id: string } }) => i.post.id)).toEqual([post.id]);
    });

    it('escapes markup in snippets so that only <mark> is live', async () => {
      await createTestPost(ctx.app, author, {
        title: 'Escaping',
        body: '`<script>alert(1)</script>` and <img src=x onerror=alert(1)> walrus &amp; <b>bold</b>',
      });
      const { page } = await search('walrus');
      const snippet: string = page.items[0].snippet;
      expect(snippet).toContain('<mark>walrus</mark>');
      expect(snippet.replaceAll('<mark>', '').replaceAll('</mark>', '')).not.toMatch(/[<>]/);
    });

    it('paginates by rank with a cursor', async () => {
      for (let i = 0; i < 5; i++) await createTestPost(ctx.app, author, { title: `Paging ${'otter '.repeat(i + 1)}` });
      const first = await search('otter', '&limit=2');
      const seen = first.page.items.map((i: { post: { id: string } }) => i.post.id);
      let cursor = first.page.nextCursor;
      while (cursor) {
        const next = await search('otter', `&limit=2&cursor=${cursor}`);
        seen.push(...next.page.items.map((i: { post: { id: string } }) => i.post.id));
        cursor = next.page.nextCursor;
      }
      expect(new Set(seen).size).toBe(5);
    });

    it('answers 422 without a query and an empty list for stop words only', async () => {
      expect((await search('')).res.status).toBe(422);
      expect((await search('the')).page).toEqual({ items: [], nextCursor: null });
    });
  });
});
