import { describe, expect, it } from 'vitest';
import { describeOnEngines } from '#test/app-under-test';
import { factoryPassword } from '#test/factories';
import { createTestPost } from '#test/post-factories';
import { bearer } from '#test/requests';

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
      // The contract's kinds only: each run of autosaves is one "save", however many PATCHes it took.
      expect(items.map((r) => r.kind)).toEqual(['publish', 'save', 'save', 'save', 'save']);
      expect(items[0]).toMatchObject({ title: 'Final', author: { username: t.author.user.username } });
      expect(new Date(items[0]?.createdAt ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);
      const autosave = await req('GET', `/api/posts/${post.slug}/revisions/${items[1]?.id}`, t.author);
      expect((await autosave.json()).revision).toMatchObject({ kind: 'save', body: 'typing again and again' });
      const firstRun = await req('GET', `/api/posts/${post.slug}/revisions/${items[3]?.id}`, t.author);
      expect((await firstRun.json()).revision.body).toBe('first abc');
    });

    it('keeps one run of autosaves per sign-in session: another device does not replace it', async () => {
      const signIn = async () => {
        const res = await req('POST', '/api/auth/login', undefined, {
          email: t.author.user.email,
          password: factoryPassword,
        });
        expect(res.status).toBe(200);
        return { ...t.author, headers: bearer((await res.json()).accessToken) };
      };
      const [laptop, phone] = [await signIn(), await signIn()];
      const post = await createTestPost(t.app, t.author, { title: 'Two devices', body: 'start', status: 'draft' });
      for (const [device, body] of [
        [laptop, 'laptop a'],
        [laptop, 'laptop ab'],
        [phone, 'phone a'],
        [phone, 'phone ab'],
      ] as const) {
        expect((await req('PATCH', `/api/posts/${post.slug}`, device, { body })).status).toBe(200);
      }
      const { items } = await revisionsOf(post.slug);
      expect(items.map((r) => r.kind)).toEqual(['save', 'save', 'save']);
      const bodies = await Promise.all(
        items.map(
          async (r) =>
            (await (await req('GET', `/api/posts/${post.slug}/revisions/${r.id}`, t.author)).json()).revision.body,
        ),
      );
      expect(bodies).toEqual(['phone ab', 'laptop ab', 'start']);
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

    it('takes If-Match with the ETag a GET answered: a stale one is 409 with the current post', async () => {
      const post = await createTestPost(t.app, t.author, { body: 'opened in both tabs' });
      const opened = await req('GET', `/api/posts/${post.slug}`, t.author);
      const etag = opened.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"v1-[0-9a-f]{32}"$/);
      const tabA = await req(
        'PATCH',
        `/api/posts/${post.slug}`,
        t.author,
        { body: 'from tab A' },
        { 'If-Match': etag },
      );
      expect(tabA.status).toBe(200);
      const afterA = tabA.headers.get('etag') ?? '';
      expect(afterA).toMatch(/^"v2-[0-9a-f]{32}"$/);
      // Tab B still holds the first ETag; through a compressing proxy it would be weak, which changes nothing.
      for (const stale of [etag, `W/${etag}`]) {
        const tabB = await req(
          'PATCH',
          `/api/posts/${post.slug}`,
          t.author,
          { body: 'from tab B' },
          { 'If-Match': stale },
        );
        expect(tabB.status).toBe(409);
        const { error } = await tabB.json();
        expect(error).toMatchObject({ code: 'conflict', details: { post: { body: 'from tab A', version: 2 } } });
      }
      expect((await (await req('GET', `/api/posts/${post.slug}`)).json()).post.body).toBe('from tab A');
      // The ETag the edit answered, weak or strong, and a list holding it all let the next edit through.
      const next = await req(
        'PATCH',
        `/api/posts/${post.slug}`,
        t.author,
        { body: 'merged' },
        { 'If-Match': `W/${afterA}` },
      );
      expect((await next.json()).post).toMatchObject({ body: 'merged', version: 3 });
      const listed = `${etag}, "v3-${'0'.repeat(32)}"`;
      const last = await req('PATCH', `/api/posts/${post.slug}`, t.author, { body: 'last' }, { 'If-Match': listed });
      expect(last.status).toBe(200);
    });

    it('names the version in the ETag even when only a like changed the answer', async () => {
      const post = await createTestPost(t.app, t.author, { status: 'published' });
      const before = (await req('GET', `/api/posts/${post.slug}`, t.author)).headers.get('etag') ?? '';
      expect((await req('POST', `/api/posts/${post.slug}/like`, t.reader)).status).toBe(200);
      const after = (await req('GET', `/api/posts/${post.slug}`, t.author)).headers.get('etag') ?? '';
      expect(after).not.toBe(before);
      expect(after.slice(0, 4)).toBe(before.slice(0, 4));
      // A like is not an edit: an If-Match from before it still lets the author's edit through.
      const edit = await req('PATCH', `/api/posts/${post.slug}`, t.author, { body: 'edited' }, { 'If-Match': before });
      expect(edit.status).toBe(200);
    });

    it('refuses a malformed If-Match with 400 and leaves the post as it was; * matches any version', async () => {
      const post = await createTestPost(t.app, t.author, { body: 'untouched' });
      // (An empty If-Match is not among them: over HTTP, workerd passes the request on without it.)
      for (const header of ['v1', '"not-a-post-tag"', '"v1-abc"', `"v1-${'a'.repeat(32)}", junk`, 'W/v1']) {
        const res = await req(
          'PATCH',
          `/api/posts/${post.slug}`,
          t.author,
          { body: 'changed' },
          { 'If-Match': header },
        );
        expect(res.status, header).toBe(400);
        const { error } = await res.json();
        expect(error.code).toBe('bad_request');
        expect(error.message).toContain('If-Match');
      }
      expect((await (await req('GET', `/api/posts/${post.slug}`, t.author)).json()).post.body).toBe('untouched');
      const any = await req('PATCH', `/api/posts/${post.slug}`, t.author, { body: 'changed' }, { 'If-Match': '*' });
      expect(any.status).toBe(200);
    });

    it('checks both If-Match and the version field when an edit sends both', async () => {
      const post = await createTestPost(t.app, t.author);
      const etag = (await req('GET', `/api/posts/${post.slug}`, t.author)).headers.get('etag') ?? '';
      expect((await req('PATCH', `/api/posts/${post.slug}`, t.author, { body: 'moved on' })).status).toBe(200);
      const res = await req(
        'PATCH',
        `/api/posts/${post.slug}`,
        t.author,
        { body: 'x', version: 2 },
        { 'If-Match': etag },
      );
      expect(res.status).toBe(409);
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
