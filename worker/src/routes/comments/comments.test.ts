import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSlugs } from '#db/schema';
import type { Database } from '#db/types';
import { postsAppOn } from '#test/app-under-test';
import { contractEngines } from '#test/postgres';
import { type Answerer, call } from '#test/requests';
import { commentsCountOf, seedPost, seedUser, type TestActor } from '#test/seeds';
import { publicCacheControl } from '#worker/middleware/etag';

const engines = await contractEngines();

describe.each(engines)('comments on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    let app: Answerer;
    let author: TestActor;
    let reader: TestActor;
    let admin: TestActor;

    beforeAll(async () => {
      const opened = await engine.open();
      ({ db, close } = opened);
      app = (await postsAppOn(opened)).app;
      author = await seedUser(db, 'author');
      reader = await seedUser(db, 'reader');
      admin = await seedUser(db, 'admin', { role: 'admin' });
    });
    afterAll(() => close());

    const post = (slug: string, actor: TestActor | undefined, body: unknown) =>
      call(app, 'POST', `/api/posts/${slug}/comments`, actor, body);
    const list = (slug: string, query = '', actor?: TestActor) =>
      call(app, 'GET', `/api/posts/${slug}/comments${query}`, actor);
    async function comment(slug: string, actor: TestActor, body: string, parentId?: string) {
      const res = await post(slug, actor, { body, parentId });
      expect(res.status).toBe(201);
      return (await res.json()).comment;
    }

    describe('POST /api/posts/:slug/comments', () => {
      it('creates a comment with rendered html and counts it on the post', async () => {
        const { id, slug } = await seedPost(db, author);
        const res = await post(slug, reader, { body: 'Nice **post**' });
        expect(res.status).toBe(201);
        const { comment: created } = await res.json();
        expect(created).toMatchObject({
          postId: id,
          parentId: null,
          body: 'Nice **post**',
          html: '<p>Nice <strong>post</strong></p>',
          deleted: false,
          author: { id: reader.id, username: reader.username },
        });
        expect(created.author).not.toHaveProperty('email');
        expect(await commentsCountOf(db, id)).toBe(1);
      });

      it('answers 401 to an anonymous caller', async () => {
        const { slug } = await seedPost(db, author);
        expect((await post(slug, undefined, { body: 'hi' })).status).toBe(401);
      });

      it('answers 422 with field details for an empty or missing body', async () => {
        const { slug } = await seedPost(db, author);
        for (const body of [{ body: '   ' }, {}, { body: 'x'.repeat(10_001) }, { body: 'ok', parentId: 'nope' }]) {
          const res = await post(slug, reader, body);
          expect(res.status).toBe(422);
          const { error } = await res.json();
          expect(error.code).toBe('validation_failed');
          expect(Object.keys(error.details).length).toBeGreaterThan(0);
        }
      });

      it('answers 404 for an unknown post and for someone else’s draft', async () => {
        const draft = await seedPost(db, author, { status: 'draft' });
        expect((await post('no-such-post', reader, { body: 'hi' })).status).toBe(404);
        expect((await post(draft.slug, reader, { body: 'hi' })).status).toBe(404);
      });

      it('answers 404 for a scheduled post whose time has not come', async () => {
        const future = await seedPost(db, author, {
          status: 'scheduled',
          publishedAt: new Date(Date.now() + 3600_000),
        });
        expect((await post(future.slug, reader, { body: 'hi' })).status).toBe(404);
      });

      it('refuses a parent from another post with 422 on parentId', async () => {
        const a = await seedPost(db, author);
        const b = await seedPost(db, author);
        const parent = await comment(a.slug, reader, 'on a');
        const res = await post(b.slug, reader, { body: 'wrong thread', parentId: parent.id });
        expect(res.status).toBe(422);
        expect((await res.json()).error.details).toHaveProperty('parentId');
      });
    });

    describe('GET /api/posts/:slug/comments', () => {
      it('lists top-level comments oldest first, each with all of its replies', async () => {
        const { slug } = await seedPost(db, author);
        const a = await comment(slug, reader, 'A');
        const b = await comment(slug, author, 'B');
        const a1 = await comment(slug, author, 'A1', a.id);
        const a1a = await comment(slug, reader, 'A1a', a1.id);
        const res = await list(slug);
        expect(res.status).toBe(200);
        const page = await res.json();
        expect(page.nextCursor).toBeNull();
        expect(page.items.map((c: { id: string }) => c.id)).toEqual([a.id, b.id]);
        expect(page.items[0].replies.map((c: { id: string }) => c.id)).toEqual([a1.id, a1a.id]);
        expect(page.items[0].replies[1].parentId).toBe(a1.id);
        expect(page.items[1].replies).toEqual([]);
      });

      it('paginates by top-level comment with a cursor', async () => {
        const { slug } = await seedPost(db, author);
        const made = [];
        for (const body of ['1', '2', '3']) made.push(await comment(slug, reader, body));
        await comment(slug, reader, 'reply to 2', made[1].id);
        const first = await (await list(slug, '?limit=2')).json();
        expect(first.items.map((c: { body: string }) => c.body)).toEqual(['1', '2']);
        expect(first.items[1].replies).toHaveLength(1);
        const second = await (await list(slug, `?limit=2&cursor=${first.nextCursor}`)).json();
        expect(second.items.map((c: { body: string }) => c.body)).toEqual(['3']);
        expect(second.nextCursor).toBeNull();
      });

      it('sends Cache-Control and an ETag, and 304 on a match', async () => {
        const { slug } = await seedPost(db, author);
        await comment(slug, reader, 'cached');
        const first = await list(slug);
        const etag = first.headers.get('etag');
        expect(first.headers.get('cache-control')).toBe(publicCacheControl);
        expect(etag).toBeTruthy();
        const again = await app.request(`/api/posts/${slug}/comments`, { headers: { 'If-None-Match': `${etag}` } });
        expect(again.status).toBe(304);
        expect((await list(slug, '', reader)).headers.get('cache-control')).toBe('private, no-store');
        await comment(slug, reader, 'changes the tag');
        const changed = await app.request(`/api/posts/${slug}/comments`, { headers: { 'If-None-Match': `${etag}` } });
        expect(changed.status).toBe(200);
      });

      it('follows a former slug to the post', async () => {
        const { id, slug } = await seedPost(db, author);
        await comment(slug, reader, 'before the rename');
        await db.insert(postSlugs).values({ slug: `${slug}-old`, postId: id });
        expect((await (await list(`${slug}-old`)).json()).items).toHaveLength(1);
        expect((await post(`${slug}-old`, reader, { body: 'via old link' })).status).toBe(201);
      });

      it('rejects a limit over 100 and a forged cursor with 422', async () => {
        const { slug } = await seedPost(db, author);
        expect((await list(slug, '?limit=101')).status).toBe(422);
        expect((await list(slug, '?cursor=bm90LWEtY3Vyc29y')).status).toBe(422);
      });

      it('hides a draft’s comments from others but shows them to its author and admins', async () => {
        const draft = await seedPost(db, author, { status: 'draft' });
        await comment(draft.slug, author, 'note to self');
        expect((await list(draft.slug)).status).toBe(404);
        expect((await list(draft.slug, '', reader)).status).toBe(404);
        expect((await (await list(draft.slug, '', author)).json()).items).toHaveLength(1);
        expect((await (await list(draft.slug, '', admin)).json()).items).toHaveLength(1);
      });
    });

    describe('PATCH /api/comments/:id', () => {
      it('lets the author rewrite the body and re-renders it', async () => {
        const { slug } = await seedPost(db, author);
        const created = await comment(slug, reader, 'first');
        const res = await call(app, 'PATCH', `/api/comments/${created.id}`, reader, { body: '_second_' });
        expect(res.status).toBe(200);
        const { comment: updated } = await res.json();
        expect(updated).toMatchObject({ id: created.id, body: '_second_', html: '<p><em>second</em></p>' });
        expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
      });

      it('answers 403 to another user, 404 for unknown ids and 422 for an empty body', async () => {
        const { slug } = await seedPost(db, author);
        const created = await comment(slug, reader, 'mine');
        expect((await call(app, 'PATCH', `/api/comments/${created.id}`, author, { body: 'x' })).status).toBe(403);
        const unknown = '00000000-0000-4000-8000-000000000000';
        expect((await call(app, 'PATCH', `/api/comments/${unknown}`, reader, { body: 'x' })).status).toBe(404);
        expect((await call(app, 'PATCH', '/api/comments/not-a-uuid', reader, { body: 'x' })).status).toBe(404);
        expect((await call(app, 'PATCH', `/api/comments/${created.id}`, reader, { body: '' })).status).toBe(422);
      });
    });

    describe('DELETE /api/comments/:id', () => {
      const remove = (id: string, actor: TestActor) => call(app, 'DELETE', `/api/comments/${id}`, actor);

      it('removes a comment without replies and uncounts it', async () => {
        const { id: postId, slug } = await seedPost(db, author);
        const created = await comment(slug, reader, 'bye');
        const res = await remove(created.id, reader);
        expect(res.status).toBe(204);
        expect((await (await list(slug)).json()).items).toEqual([]);
        expect(await commentsCountOf(db, postId)).toBe(0);
        expect((await remove(created.id, reader)).status).toBe(404);
      });

      it('leaves a tombstone when replies exist, and prunes it when the last reply goes', async () => {
        const { id: postId, slug } = await seedPost(db, author);
        const parent = await comment(slug, reader, 'secret words');
        const reply = await comment(slug, author, 'a reply', parent.id);
        expect(await commentsCountOf(db, postId)).toBe(2);

        expect((await remove(parent.id, reader)).status).toBe(204);
        const [tombstone] = (await (await list(slug)).json()).items;
        expect(tombstone).toMatchObject({ id: parent.id, deleted: true, body: '', html: '' });
        expect(tombstone.replies.map((r: { id: string }) => r.id)).toEqual([reply.id]);
        expect(await commentsCountOf(db, postId)).toBe(1);
        expect((await remove(parent.id, reader)).status).toBe(404);
        expect((await call(app, 'PATCH', `/api/comments/${parent.id}`, reader, { body: 'x' })).status).toBe(404);
        expect((await post(slug, reader, { body: 'late', parentId: parent.id })).status).toBe(422);

        expect((await remove(reply.id, author)).status).toBe(204);
        expect((await (await list(slug)).json()).items).toEqual([]);
        expect(await commentsCountOf(db, postId)).toBe(0);
      });

      it('lets the post’s author and an admin delete, but not another reader', async () => {
        const { slug } = await seedPost(db, author);
        const stranger = await seedUser(db, 'stranger');
        const first = await comment(slug, reader, 'one');
        const second = await comment(slug, reader, 'two');
        expect((await remove(first.id, stranger)).status).toBe(403);
        expect((await remove(first.id, author)).status).toBe(204);
        expect((await remove(second.id, admin)).status).toBe(204);
      });
    });
  });
});
