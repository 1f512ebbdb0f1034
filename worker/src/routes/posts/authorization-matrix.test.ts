import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/types';
import { postsAppOn } from '#test/app-under-test';
import type { CreatedUser } from '#test/factories';
import { call, createTestPost, createUser } from '#test/post-factories';
import { contractEngines } from '#test/postgres';

const actors = ['anonymous', 'another user', 'owner', 'admin', 'suspended user'] as const;
type Actor = (typeof actors)[number];

type Subject = 'published' | 'draft' | 'scheduled' | 'moved';
interface Route {
  route: string;
  method: string;
  /** Builds the path; `subject` is a post owned by "owner", made fresh for each case that changes it. */
  path: (slug: string, owner: string) => string;
  subject?: Subject;
  body?: unknown;
  expected: [anonymous: number, other: number, owner: number, admin: number, suspended: number];
}

const later = () => new Date(Date.now() + 3_600_000).toISOString();

// Suspended users are refused (403 account_suspended) wherever they present their token; drafts and
// not-yet-due posts are 404 to whoever may not see them; others' visible posts are 403 to change.
const routes: Route[] = [
  {
    route: 'POST /api/posts',
    method: 'POST',
    path: () => '/api/posts',
    body: { title: 'm', body: 'b' },
    expected: [401, 201, 201, 201, 403],
  },
  { route: 'GET /api/posts', method: 'GET', path: () => '/api/posts', expected: [200, 200, 200, 200, 403] },
  {
    route: 'GET /api/posts/drafts',
    method: 'GET',
    path: () => '/api/posts/drafts',
    expected: [401, 200, 200, 200, 403],
  },
  {
    route: 'GET /api/posts/:slug (published)',
    method: 'GET',
    path: (s) => `/api/posts/${s}`,
    subject: 'published',
    expected: [200, 200, 200, 200, 403],
  },
  {
    route: 'GET /api/posts/:slug (draft)',
    method: 'GET',
    path: (s) => `/api/posts/${s}`,
    subject: 'draft',
    expected: [404, 404, 200, 200, 403],
  },
  {
    route: 'GET /api/posts/:slug (scheduled)',
    method: 'GET',
    path: (s) => `/api/posts/${s}`,
    subject: 'scheduled',
    expected: [404, 404, 200, 200, 403],
  },
  {
    route: 'GET /api/posts/:old-slug',
    method: 'GET',
    path: (s) => `/api/posts/${s}`,
    subject: 'moved',
    expected: [301, 301, 301, 301, 403],
  },
  {
    route: 'PATCH /api/posts/:slug (published)',
    method: 'PATCH',
    path: (s) => `/api/posts/${s}`,
    subject: 'published',
    body: { title: 'x' },
    expected: [401, 403, 200, 200, 403],
  },
  {
    route: 'PATCH /api/posts/:slug (draft)',
    method: 'PATCH',
    path: (s) => `/api/posts/${s}`,
    subject: 'draft',
    body: { title: 'x' },
    expected: [401, 404, 200, 200, 403],
  },
  {
    route: 'DELETE /api/posts/:slug (published)',
    method: 'DELETE',
    path: (s) => `/api/posts/${s}`,
    subject: 'published',
    expected: [401, 403, 204, 204, 403],
  },
  {
    route: 'DELETE /api/posts/:slug (draft)',
    method: 'DELETE',
    path: (s) => `/api/posts/${s}`,
    subject: 'draft',
    expected: [401, 404, 204, 204, 403],
  },
  {
    route: 'POST /api/posts/:slug/like (published)',
    method: 'POST',
    path: (s) => `/api/posts/${s}/like`,
    subject: 'published',
    expected: [401, 200, 200, 200, 403],
  },
  {
    route: 'POST /api/posts/:slug/like (draft)',
    method: 'POST',
    path: (s) => `/api/posts/${s}/like`,
    subject: 'draft',
    expected: [401, 404, 200, 200, 403],
  },
  {
    route: 'DELETE /api/posts/:slug/like (published)',
    method: 'DELETE',
    path: (s) => `/api/posts/${s}/like`,
    subject: 'published',
    expected: [401, 200, 200, 200, 403],
  },
  {
    route: 'DELETE /api/posts/:slug/like (draft)',
    method: 'DELETE',
    path: (s) => `/api/posts/${s}/like`,
    subject: 'draft',
    expected: [401, 404, 200, 200, 403],
  },
  { route: 'GET /api/tags', method: 'GET', path: () => '/api/tags', expected: [200, 200, 200, 200, 403] },
  {
    route: 'GET /api/tags/:slug/posts',
    method: 'GET',
    path: () => '/api/tags/matrix/posts',
    expected: [200, 200, 200, 200, 403],
  },
  { route: 'GET /api/search', method: 'GET', path: () => '/api/search?q=matrix', expected: [200, 200, 200, 200, 403] },
  { route: 'GET /api/feed', method: 'GET', path: () => '/api/feed', expected: [401, 200, 200, 200, 403] },
  // Feed readers send no credentials: a feed answers everyone alike, whatever token comes along.
  { route: 'GET /api/atom/posts', method: 'GET', path: () => '/api/atom/posts', expected: [200, 200, 200, 200, 200] },
  {
    route: 'GET /api/atom/users/:username',
    method: 'GET',
    path: (_, owner) => `/api/atom/users/${owner}`,
    expected: [200, 200, 200, 200, 200],
  },
  {
    route: 'GET /api/atom/tags/:slug',
    method: 'GET',
    path: () => '/api/atom/tags/matrix',
    expected: [200, 200, 200, 200, 200],
  },
  // Crawlers, likewise: the same public documents for everyone.
  { route: 'GET /robots.txt', method: 'GET', path: () => '/robots.txt', expected: [200, 200, 200, 200, 200] },
  { route: 'GET /sitemap.xml', method: 'GET', path: () => '/sitemap.xml', expected: [200, 200, 200, 200, 200] },
  {
    route: 'GET /sitemaps/:file',
    method: 'GET',
    path: () => '/sitemaps/posts-1.xml',
    expected: [200, 200, 200, 200, 200],
  },
];

const cases = routes.flatMap((r) => actors.map((actor, i) => ({ ...r, actor, status: r.expected[i] as number })));

const engines = await contractEngines();

describe.each(engines)('posts authorization matrix on $name', (engine) => {
  describe.skipIf(!engine.available)(
    `${routes.length} routes × ${actors.length} callers = ${cases.length} cases`,
    () => {
      let db: Database;
      let close: () => Promise<void>;
      let ctx: Awaited<ReturnType<typeof postsAppOn>>;
      let callers: Record<Exclude<Actor, 'anonymous'>, CreatedUser>;

      beforeAll(async () => {
        const opened = await engine.open();
        ({ db, close } = opened);
        ctx = await postsAppOn(opened);
        callers = {
          'another user': await createUser(db),
          owner: await createUser(db),
          admin: await createUser(db, { role: 'admin' }),
          'suspended user': await createUser(db, { suspended: true }),
        };
        await createTestPost(ctx.app, callers.owner, { title: 'Matrix seed', tags: ['matrix'] });
      });
      afterAll(() => close());

      async function subjectSlug(subject: Subject | undefined): Promise<string> {
        const owner = callers.owner;
        if (subject === undefined) return '';
        if (subject === 'draft') return (await createTestPost(ctx.app, owner, { status: 'draft' })).slug;
        if (subject === 'scheduled') {
          return (await createTestPost(ctx.app, owner, { status: 'scheduled', publishAt: later() })).slug;
        }
        const post = await createTestPost(ctx.app, owner);
        if (subject === 'published') return post.slug;
        await call(ctx.app, 'PATCH', `/api/posts/${post.slug}`, owner, { slug: `${post.slug}-moved` });
        return post.slug;
      }

      it.each(cases)('$route as $actor → $status', async ({ method, path, subject, body, actor, status }) => {
        const slug = await subjectSlug(subject);
        const as = actor === 'anonymous' ? undefined : callers[actor];
        const res = await call(ctx.app, method, path(slug, callers.owner.user.username), as, body);
        expect(res.status).toBe(status);
        if (status >= 400) {
          const code = {
            401: 'unauthenticated',
            403: actor === 'suspended user' ? 'account_suspended' : 'forbidden',
            404: 'not_found',
          }[status];
          expect((await res.json()).error.code).toBe(code);
        }
      });
    },
  );
});
