import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import type { Cache } from '../ports';
import { cached, invalidate, namespaceVersion } from './cached';

/**
 * One namespace for everything an anonymous reader sees: post lists, posts, tag counts, profiles.
 * They embed each other (a list shows likes, comment counts and author names), so any write to
 * any of them retires all of it. Writes are rare next to reads on a blog, and one version counter
 * makes a missed invalidation path impossible (docs/decisions/0051-redis-caching.md).
 */
export const publicContent = 'public-content';

/**
 * The version of everything public: it changes on every write that changes what readers see.
 * Copies kept outside the app (hot responses on Node, the Workers cache) are served only under
 * the version they were made with. Undefined while the cache cannot be asked.
 */
export function publicContentVersion(cache: Cache): Promise<number | undefined> {
  return namespaceVersion(cache, publicContent);
}

/**
 * The edge's freshness promise (docs/decisions/0092): a signed-out reader anywhere sees a write
 * within `versionCheckMs` (each isolate reads the version at most that often), and no copy is
 * older than `maxAgeMs` (a due scheduled post shows within it).
 */
export const edgeFreshness = { versionCheckMs: 5_000, maxAgeMs: 60_000 } as const;

/** Seconds a cached answer may live without a write: bounds how late a due scheduled post shows. */
export const publicTtl = { list: 30, post: 60, tags: 60, profile: 60 } as const;

/**
 * Answers an anonymous reader from the cache. Signed-in callers always read from the database:
 * they may see their own drafts and `likedByMe` / `following`, and an author must read their own
 * write at once.
 */
export function cachedForAnonymous<T>(
  c: Context<AppEnv>,
  key: string,
  ttlSeconds: number,
  load: () => Promise<T>,
): Promise<T> {
  if (c.get('user') || c.req.header('authorization')) return load();
  return cached(c.get('deps'), { key, dependsOn: [publicContent] }, ttlSeconds, load);
}

// Every route that changes public content lives under one of these.
const contentRoutes = ['/api/posts', '/api/comments', '/api/users', '/api/admin'];
const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After a successful write under the content routes, retires every cached public answer before the
 * response goes out, so the next reader anywhere gets fresh data. Failed writes changed nothing.
 */
export const invalidateOnWrite = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (readMethods.has(c.req.method) || c.res.status >= 400) return;
  if (!contentRoutes.some((prefix) => c.req.path === prefix || c.req.path.startsWith(`${prefix}/`))) return;
  await invalidate(c.get('deps'), publicContent);
});
