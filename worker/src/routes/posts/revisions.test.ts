import { describe, expect, it } from 'vitest';
import { describeOnEngines } from '#test/app-under-test';
import { createTestPost } from '#test/post-factories';

await describeOnEngines('revisions and versions', { author: {}, reader: {}, admin: { role: 'admin' } }, (t) => {
  const { req } = t;

  const revisionsOf = async (slug: string, as = t.author, query = '') => {
    const res = await req('GET', `/api/posts/${slug}/revisions${query}`, as);
    expect(res.status).toBe(200);
    return (await res.json()) as {
      items: { id: string; kind: string; title: string; createdAt: string }[];
      nextCursor: string | null;
    };
  };

  describe('history', () => {
    it('keeps a revision per explicit save and publish, and one per run of autosaves', async () => {
      const post = await createTestPost(t.app, t.author, { title: 'Draft one', body: 'first', status: 'draft' });
      for (const body of ['first a', 'first ab', 'first abc']) {
        expect((await req('PATCH', `/api/posts/${post.slug}`, t.author, { body })).status).toBe(200);
      }
      await req('PATCH', `/api/posts/${post.slug}`, t.author, { body: 'saved text', saveRevision: true });
      await req('PATCH', `/api/posts/${post.slug}`, t.author, { body: 'typing again' });
      await req('PATCH', `/api/posts/${post.slug}`, t.author, { body: 'typing again and again' });
      await req('PATCH', `/api/posts/${post.slug}`, t.author, { status: 'published', title: 'Final' });
      const { items } = await revisionsOf(post.slug);
      expect(items.map((r) => r.kind)).toEqual(['publish', 'autosave', 'save', 'autosave', 'save']);
      expect(items[0]).toMatchObject({ title: 'Final', author: { username: t.author.user.username } });
      expect(new Date(items[0]?.createdAt ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);
      const autosave = await req('GET', `/api/posts/${post.slug}/revisions/${items[1]?.id}`, t.author);
      expect((await autosave.json()).revision).toMatchObject({ kind: 'autosave', body: 'typing again and again' });
      const firstRun = await req('GET', `/api/posts/${post.slug}/revisions/${items[3]?.id}`, t.author);
      expect((await firstRun.json()).revision.body).toBe('first abc');
    });

    it('restores an older revision in one call, which is itself a revision', async () => {
      const post = await createTestPost(t.app, t.author, { title: 'Restorable', body: 'the good *text*' });
      await req('PATCH', `/api/posts/${post.slug}`, t.author, {
        body: 'an accident',
        title: 'Oops',
        saveRevision: true,
      });
      const [, original] = (await revisionsOf(post.slug)).items;
      const res = await req('POST', `/api/posts/${post.slug}/revisions/${original?.id}/restore`, t.author);
      expect(res.status).toBe(200);
      const { post: restored } = await res.json();
      expect(restored).toMatchObject({
        title: 'Restorable',
        body: 'the good *text*',
        html: '<p>the good <em>text</em></p>',
      });
      expect(restored.version).toBe(post.version + 2);
      expect((await revisionsOf(post.slug)).items.map((r) => r.kind)).toEqual(['restore', 'save', 'publish']);
      const read = await (await req('GET', `/api/posts/${post.slug}`)).json();
      expect(read.post.body).toBe('the good *text*');
    });

    it('shows history to the author and admins only', async () => {
      const post = await createTestPost(t.app, t.author);
      const draft = await createTestPost(t.app, t.author, { status: 'draft' });
      expect((await revisionsOf(post.slug, t.admin)).items).toHaveLength(1);
      expect((await revisionsOf(draft.slug, t.admin)).items).toHaveLength(1);
      expect((await req('GET', `/api/posts/${post.slug}/revisions`, t.reader)).status).toBe(403);
      expect((await req('GET', `/api/posts/${draft.slug}/revisions`, t.reader)).status).toBe(404);
      expect((await req('GET', `/api/posts/${post.slug}/revisions`)).status).toBe(401);
      const [only] = (await revisionsOf(post.slug)).items;
      expect((await req('POST', `/api/posts/${post.slug}/revisions/${only?.id}/restore`, t.reader)).status).toBe(403);
      const admin = await req('POST', `/api/posts/${post.slug}/revisions/${only?.id}/restore`, t.admin);
      expect(admin.status).toBe(200);
    });

    it('answers 404 for a revision of another post or an id that is not one', async () => {
      const a = await createTestPost(t.app, t.author);
      const b = await createTestPost(t.app, t.author);
      const [ofA] = (await revisionsOf(a.slug)).items;
      expect((await req('GET', `/api/posts/${b.slug}/revisions/${ofA?.id}`, t.author)).status).toBe(404);
      expect((await req('GET', `/api/posts/${b.slug}/revisions/not-a-uuid`, t.author)).status).toBe(404);
      expect((await req('POST', `/api/posts/${b.slug}/revisions/${ofA?.id}/restore`, t.author)).status).toBe(404);
    });

    it('pages through a long history with a cursor', async () => {
      const post = await createTestPost(t.app, t.author, { status: 'draft' });
      for (let i = 0; i < 4; i++) {
        await req('PATCH', `/api/posts/${post.slug}`, t.author, { body: `save ${i}`, saveRevision: true });
      }
      const first = await revisionsOf(post.slug, t.author, '?limit=3');
      expect(first.items).toHaveLength(3);
      const rest = await revisionsOf(post.slug, t.author, `?limit=3&cursor=${first.nextCursor}`);
      expect(rest.items).toHaveLength(2);
      expect(rest.nextCursor).toBeNull();
      expect(new Set([...first.items, ...rest.items].map((r) => r.id)).size).toBe(5);
    });
  });

  describe('no lost updates', () => {
    it('answers 409 with the current post to an edit made from an older version', async () => {
      const post = await createTestPost(t.app, t.author, { body: 'v1' });
      expect(post.version).toBe(1);
      const tabA = await req('PATCH', `/api/posts/${post.slug}`, t.author, { body: 'from tab A', version: 1 });
      expect(tabA.status).toBe(200);
      expect((await tabA.json()).post.version).toBe(2);
      const tabB = await req('PATCH', `/api/posts/${post.slug}`, t.author, { body: 'from tab B', version: 1 });
      expect(tabB.status).toBe(409);
      const { error } = await tabB.json();
      expect(error.code).toBe('conflict');
      expect(error.details).toMatchObject({ field: 'version', post: { body: 'from tab A', version: 2 } });
      const kept = await (await req('GET', `/api/posts/${post.slug}`)).json();
      expect(kept.post.body).toBe('from tab A');
      const retried = await req('PATCH', `/api/posts/${post.slug}`, t.author, { body: 'merged', version: 2 });
      expect((await retried.json()).post).toMatchObject({ body: 'merged', version: 3 });
    });

    it('lets exactly one of two concurrent edits from the same version through', async () => {
      const post = await createTestPost(t.app, t.author);
      const results = await Promise.all(
        ['one', 'two'].map((body) =>
          req('PATCH', `/api/posts/${post.slug}`, t.author, { body, version: post.version }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });
  });
});
