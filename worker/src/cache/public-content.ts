import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { Cache } from '../ports';
import { cached, namespaceVersion } from './cached';

/**
 * One namespace for everything an anonymous reader sees: post lists, posts, tag counts, profiles.
 * They embed each other (a list shows likes, comment counts and author names), so any write to
 * any of them retires all of it. Writes are rare next to reads on a blog, and one version counter
 * keeps invalidation simple; services announce their writes (ports.ts `ContentChanges`, ADR 0054)
 * and the cache's subscriber bumps it (content-changes.ts; docs/decisions/0051-redis-caching.md).
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
