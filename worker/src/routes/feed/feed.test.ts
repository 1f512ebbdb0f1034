import { expect, it } from 'vitest';
import { describeOnEngines } from '#test/app-under-test';
import { call, createTestPost, createUser, follow } from '#test/post-factories';

await describeOnEngines('feed', {}, (t) => {
  it('shows live posts of followed authors only, newest first, page by page', async () => {
    const reader = await createUser(t.db);
    const followed = await createUser(t.db);
    const other = await createUser(t.db);
    await follow(t.db, reader.user.id, followed.user.id);
    const a = await createTestPost(t.app, followed);
    await createTestPost(t.app, other);
    await createTestPost(t.app, followed, { status: 'draft' });
    const b = await createTestPost(t.app, followed);
    const first = await call(t.app, 'GET', '/api/feed?limit=1', reader);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, no-store');
    const page1 = await first.json();
    const page2 = await (await call(t.app, 'GET', `/api/feed?limit=1&cursor=${page1.nextCursor}`, reader)).json();
    expect([...page1.items, ...page2.items].map((p: { id: string }) => p.id)).toEqual([b.id, a.id]);
    expect(page2.nextCursor).toBeNull();
  });

  it('is empty for someone who follows nobody, and 401 anonymously', async () => {
    const loner = await createUser(t.db);
    expect(await (await call(t.app, 'GET', '/api/feed', loner)).json()).toEqual({ items: [], nextCursor: null });
    expect((await call(t.app, 'GET', '/api/feed')).status).toBe(401);
  });
});
