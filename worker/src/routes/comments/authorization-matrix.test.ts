import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/types';
import { postsAppOn } from '#test/app-under-test';
import { contractEngines } from '#test/postgres';
import { type Answerer, call } from '#test/requests';
import { seedPost, seedUser, type TestActor } from '#test/seeds';
import { createNotifications } from '#worker/services/notifications/create-notification';

// The engine's database and app, set by the suite of the engine that runs.
let db: Database;
let app: Answerer;

const callers = ['anonymous', 'another user', 'owner', 'post author', 'admin', 'suspended user'] as const;
type Caller = (typeof callers)[number];

/**
 * A fresh world for each case: a live post and a draft by the post author, a comment on the live
 * post by its owner, and a notification addressed to the owner.
 */
async function buildWorld() {
  const [postAuthor, owner, other, admin, suspended] = await Promise.all([
    seedUser(db, 'author'),
    seedUser(db, 'owner'),
    seedUser(db, 'other'),
    seedUser(db, 'admin', { role: 'admin' }),
    seedUser(db, 'suspended', { suspended: true }),
  ]);
  const live = await seedPost(db, postAuthor);
  const draft = await seedPost(db, postAuthor, { status: 'draft' });
  const res = await call(app, 'POST', `/api/posts/${live.slug}/comments`, owner, { body: 'mine' });
  const commentId: string = (await res.json()).comment.id;
  const [notificationId] = await createNotifications(db, [{ userId: owner.id, actorId: other.id, type: 'follow' }]);
  const actors: Record<Caller, TestActor | undefined> = {
    anonymous: undefined,
    'another user': other,
    owner,
    'post author': postAuthor,
    admin,
    'suspended user': suspended,
  };
  return { live, draft, commentId, notificationId, owner, actors };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

interface Route {
  name: string;
  method: string;
  path: (w: World) => string;
  body?: unknown;
  /** Expected status per caller, in the order of `callers`. */
  expected: [number, number, number, number, number, number];
}

// "owner" is the comment's author for comment routes, the followed user for follow routes and the
// recipient for notification routes.
// biome-ignore format: one line per route keeps the matrix readable as a table
const routes: Route[] = [
  { name: 'list comments of a live post', method: 'GET', path: (w) => `/api/posts/${w.live.slug}/comments`, expected: [200, 200, 200, 200, 200, 403] },
  { name: 'list comments of a draft', method: 'GET', path: (w) => `/api/posts/${w.draft.slug}/comments`, expected: [404, 404, 404, 200, 200, 403] },
  { name: 'comment on a live post', method: 'POST', path: (w) => `/api/posts/${w.live.slug}/comments`, body: { body: 'hi' }, expected: [401, 201, 201, 201, 201, 403] },
  { name: 'comment on a draft', method: 'POST', path: (w) => `/api/posts/${w.draft.slug}/comments`, body: { body: 'hi' }, expected: [401, 404, 404, 201, 403, 403] },
  { name: 'edit a comment', method: 'PATCH', path: (w) => `/api/comments/${w.commentId}`, body: { body: 'edited' }, expected: [401, 403, 200, 403, 200, 403] },
  { name: 'delete a comment', method: 'DELETE', path: (w) => `/api/comments/${w.commentId}`, expected: [401, 403, 204, 204, 204, 403] },
  { name: 'follow a user', method: 'POST', path: (w) => `/api/users/${w.owner.username}/follow`, expected: [401, 200, 422, 200, 200, 403] },
  { name: 'unfollow a user', method: 'DELETE', path: (w) => `/api/users/${w.owner.username}/follow`, expected: [401, 200, 422, 200, 200, 403] },
  { name: 'list notifications', method: 'GET', path: () => '/api/notifications', expected: [401, 200, 200, 200, 200, 403] },
  { name: 'count unread notifications', method: 'GET', path: () => '/api/notifications/unread-count', expected: [401, 200, 200, 200, 200, 403] },
  { name: 'mark a notification read', method: 'POST', path: (w) => `/api/notifications/${w.notificationId}/read`, expected: [401, 404, 204, 404, 404, 403] },
  { name: 'mark all notifications read', method: 'POST', path: () => '/api/notifications/read-all', expected: [401, 204, 204, 204, 204, 403] },
];

const cases = routes.flatMap((route) =>
  callers.map((caller, i) => {
    const status = route.expected[i] as number;
    return [`${route.method} ${route.name} as ${caller} → ${status}`, { route, caller, status }] as const;
  }),
);

describe.each(await contractEngines())(`comments authorization matrix (${cases.length} cases) on $name`, (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let close: () => Promise<void>;
    beforeAll(async () => {
      const opened = await engine.open();
      ({ db, close } = opened);
      app = (await postsAppOn(opened)).app;
    });
    afterAll(() => close());

    it.each(cases)('%s', async (_label, { route, caller, status }) => {
      const world = await buildWorld();
      const res = await call(app, route.method, route.path(world), world.actors[caller], route.body);
      expect(res.status).toBe(status);
      if (status === 403 && caller === 'suspended user') {
        expect((await res.json()).error.code).toBe('account_suspended');
      }
      if (route.name === 'list notifications' && status === 200) {
        const ids = (await res.json()).items.map((n: { id: string }) => n.id);
        expect(ids.includes(world.notificationId)).toBe(caller === 'owner');
      }
    });
  });
});
