import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { users } from '#db/schema';
import { describeOnEngines } from '#test/app-under-test';
import { call } from '#test/requests';
import { seedPost, seedUser, type TestActor } from '#test/seeds';

await describeOnEngines('notifications', {}, (t) => {
  /** A user with `n` notifications: followers, then one comment on their post. */
  async function inbox(n: number) {
    const owner = await seedUser(t.db, 'owner');
    const actors: TestActor[] = [];
    for (let i = 0; i < n - 1; i++) {
      const actor = await seedUser(t.db, 'fan');
      actors.push(actor);
      expect((await call(t.app, 'POST', `/api/users/${owner.username}/follow`, actor)).status).toBe(200);
    }
    const post = await seedPost(t.db, owner);
    const commenter = await seedUser(t.db, 'commenter');
    const res = await call(t.app, 'POST', `/api/posts/${post.slug}/comments`, commenter, { body: 'hi' });
    expect(res.status).toBe(201);
    return { owner, actors, commenter, post, commentId: (await res.json()).comment.id as string };
  }
  const get = (actor: TestActor | undefined, path: string) => call(t.app, 'GET', `/api/notifications${path}`, actor);
  const post = (actor: TestActor | undefined, path: string) => call(t.app, 'POST', `/api/notifications${path}`, actor);

  it('lists the caller’s notifications newest first, with actor, post and comment', async () => {
    const { owner, actors, commenter, post: p, commentId } = await inbox(3);
    const res = await get(owner, '');
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((n: { type: string }) => n.type)).toEqual(['comment', 'follow', 'follow']);
    expect(page.items[0]).toEqual({
      id: expect.any(String),
      type: 'comment',
      actor: expect.objectContaining({ id: commenter.id, username: commenter.username }),
      post: { id: p.id, slug: p.slug, title: expect.any(String) },
      comment: { id: commentId },
      read: false,
      createdAt: expect.any(String),
    });
    expect(page.items[0].actor).not.toHaveProperty('email');
    expect(page.items[2]).not.toHaveProperty('post');
    expect(page.items[2].actor.id).toBe(actors[0]?.id);
  });

  it('paginates with a cursor and rejects bad paging input', async () => {
    const { owner } = await inbox(5);
    const first = await (await get(owner, '?limit=2')).json();
    const second = await (await get(owner, `?limit=2&cursor=${first.nextCursor}`)).json();
    const third = await (await get(owner, `?limit=2&cursor=${second.nextCursor}`)).json();
    const ids = [...first.items, ...second.items, ...third.items].map((n: { id: string }) => n.id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(third.nextCursor).toBeNull();
    expect((await get(owner, '?limit=101')).status).toBe(422);
    expect((await get(owner, '?limit=0')).status).toBe(422);
    expect((await get(owner, '?cursor=%%%')).status).toBe(422);
    expect((await get(owner, '?unread=maybe')).status).toBe(422);
  });

  it('counts unread, marks one read, filters unread, marks all read', async () => {
    const { owner } = await inbox(3);
    expect(await (await get(owner, '/unread-count')).json()).toEqual({ count: 3 });
    const [latest] = (await (await get(owner, '')).json()).items;
    await t.realtime.settled();
    t.realtime.events.length = 0;
    expect((await post(owner, `/${latest.id}/read`)).status).toBe(204);
    await t.realtime.settled();
    expect(t.realtime.events).toMatchObject([
      { room: `user/${owner.id}`, type: 'notifications.unread', data: { count: 2 } },
    ]);
    expect((await post(owner, `/${latest.id}/read`)).status).toBe(204);
    expect(await (await get(owner, '/unread-count')).json()).toEqual({ count: 2 });
    const unread = (await (await get(owner, '?unread=true')).json()).items;
    expect(unread.map((n: { id: string }) => n.id)).not.toContain(latest.id);
    expect(unread).toHaveLength(2);
    const all = (await (await get(owner, '')).json()).items;
    expect(all.find((n: { id: string }) => n.id === latest.id).read).toBe(true);

    expect((await post(owner, '/read-all')).status).toBe(204);
    expect(await (await get(owner, '/unread-count')).json()).toEqual({ count: 0 });
    expect((await (await get(owner, '?unread=true')).json()).items).toEqual([]);
  });

  it('keeps the unread count right as notifications go with their comment, post or actor', async () => {
    const { owner, actors, commenter, post: p, commentId } = await inbox(3);
    const fan = await seedUser(t.db, 'liker');
    expect((await call(t.app, 'POST', `/api/posts/${p.slug}/like`, fan)).status).toBe(200);
    const unread = async () => {
      const listed = (await (await get(owner, '?unread=true')).json()).items.length;
      const { count } = await (await get(owner, '/unread-count')).json();
      expect(count).toBe(listed);
      return count;
    };
    expect(await unread()).toBe(4);
    expect((await call(t.app, 'DELETE', `/api/comments/${commentId}`, commenter)).status).toBe(204);
    expect(await unread()).toBe(3);
    expect((await call(t.app, 'DELETE', `/api/posts/${p.slug}`, owner)).status).toBe(204);
    expect(await unread()).toBe(2);
    // An account removed by an operator takes the notifications it caused with it.
    await t.db.delete(users).where(eq(users.id, actors[0]?.id ?? ''));
    expect(await unread()).toBe(1);
  });

  it('answers 404 when marking someone else’s or an unknown notification, and leaves it unread', async () => {
    const { owner, commenter } = await inbox(1);
    const [mine] = (await (await get(owner, '')).json()).items;
    expect((await post(commenter, `/${mine.id}/read`)).status).toBe(404);
    expect((await post(owner, '/00000000-0000-4000-8000-000000000000/read')).status).toBe(404);
    expect((await post(owner, '/not-an-id/read')).status).toBe(404);
    expect(await (await get(owner, '/unread-count')).json()).toEqual({ count: 1 });
    expect((await post(commenter, '/read-all')).status).toBe(204);
    expect(await (await get(owner, '/unread-count')).json()).toEqual({ count: 1 });
  });

  it('requires a signed-in caller', async () => {
    for (const res of [
      await get(undefined, ''),
      await get(undefined, '/unread-count'),
      await post(undefined, '/read-all'),
    ]) {
      expect(res.status).toBe(401);
    }
  });
});
