import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../db/types';
import {
  call,
  createTestPost,
  createUser,
  follow,
  postsApp,
  postsEngines,
} from '../../../../test/support/post-factories';

const engines = await postsEngines();

describe.each(engines)('feed on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    let ctx: Awaited<ReturnType<typeof postsApp>>;

    beforeAll(async () => {
      ({ db, close } = await engine.open());
      ctx = await postsApp(db);
    });
    afterAll(() => close());

    it('shows live posts of followed authors only, newest first, page by page', async () => {
      const reader = await createUser(db);
      const followed = await createUser(db);
      const other = await createUser(db);
      await follow(db, reader.user.id, followed.user.id);
      const a = await createTestPost(ctx.app, followed);
      await createTestPost(ctx.app, other);
      await createTestPost(ctx.app, followed, { status: 'draft' });
      const b = await createTestPost(ctx.app, followed);
      const first = await call(ctx.app, 'GET', '/api/feed?limit=1', reader);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('private, no-store');
      const page1 = await first.json();
      const page2 = await (await call(ctx.app, 'GET', `/api/feed?limit=1&cursor=${page1.nextCursor}`, reader)).json();
      expect([...page1.items, ...page2.items].map((p: { id: string }) => p.id)).toEqual([b.id, a.id]);
      expect(page2.nextCursor).toBeNull();
    });

    it('is empty for someone who follows nobody, and 401 anonymously', async () => {
      const loner = await createUser(db);
      expect(await (await call(ctx.app, 'GET', '/api/feed', loner)).json()).toEqual({ items: [], nextCursor: null });
      expect((await call(ctx.app, 'GET', '/api/feed')).status).toBe(401);
    });
  });
});
