import { batched } from '../batched';
import { oncePer } from '../once-per';
import type { Cache, Deps } from '../ports';

export type CacheDeps = Pick<Deps, 'cache' | 'metrics'>;

/** What a cached answer is called and which namespaces' writes make it stale. */
export interface CacheSpec {
  /** Unique among cached answers, e.g. `posts:home:latest`. */
  key: string;
  /** Invalidating any of these (see `invalidate`) retires the entry at once. */
  dependsOn: readonly string[];
}

const versionKey = (namespace: string) => `ver:${namespace}`;

// Loads in progress per cache (so two app instances in one process never share one) and key.
const loadsOf = oncePer((_cache: Cache) => new Map<string, Promise<unknown>>());

/**
 * The namespace's current version: it changes on every `invalidate`. Undefined while the cache
 * cannot be asked, when nothing may be served from a copy kept elsewhere.
 */
export function namespaceVersion(cache: Cache, namespace: string): Promise<number | undefined> {
  return cache.readCounter(versionKey(namespace));
}

/**
 * The entry's key under the namespaces' current versions. Bumping a version moves readers to a new
 * key, so an answer loaded before a write can never be stored over the fresh one (unlike DEL, which
 * races with a slow reader), and the old entries simply expire.
 */
async function versionedKey(cache: Cache, spec: CacheSpec) {
  const versions = await Promise.all(spec.dependsOn.map((ns) => cache.get<number>(versionKey(ns))));
  return `${spec.key}@${versions.map((v) => v ?? 0).join('.')}`;
}

/**
 * Returns the cached answer for `spec`, or loads, stores and returns it. Concurrent misses for the
 * same key in this process share one load (single flight), so a hot key expiring costs one
 * database query per instance, not one per request. A load that fails is not cached and fails
 * every caller waiting on it; null and undefined answers are not cached. Never fails because of
 * the cache: without Redis this is simply `load()`.
 */
export async function cached<T>(
  deps: CacheDeps,
  spec: CacheSpec,
  ttlSeconds: number,
  load: () => Promise<T>,
): Promise<T> {
  const { cache, metrics } = deps;
  const key = await versionedKey(cache, spec);
  const area = spec.key.split(':')[0] ?? spec.key;
  const hit = await cache.get<T>(key);
  if (hit !== undefined) {
    metrics.increment('cache_hits', area);
    return hit;
  }
  metrics.increment('cache_misses', area);
  const loads = loadsOf(cache);
  const pending = loads.get(key);
  if (pending) return pending as Promise<T>;
  const loading = (async () => {
    try {
      const value = await load();
      if (value !== undefined && value !== null) await cache.set(key, value, ttlSeconds);
      return value;
    } finally {
      loads.delete(key);
    }
  })();
  loads.set(key, loading);
  return loading;
}

/**
 * Retires every cached answer that depends on one of `namespaces`. Call it after the write's
 * transaction has committed. Never throws: when Redis is down the cache remembers the bump and
 * applies it before serving anything from Redis again.
 */
export async function invalidate(deps: Pick<Deps, 'cache'>, ...namespaces: string[]): Promise<void> {
  await Promise.all([...new Set(namespaces)].map((ns) => bumpTogether(deps.cache)(ns)));
}

// Writes that finish in the same turn share one bump per namespace: each of them only needs the
// version to change after it committed, and one increment issued after all of them does that.
const bumpTogether = oncePer((cache: Cache) =>
  batched(async (namespaces: string[]) => {
    await Promise.all([...new Set(namespaces)].map((ns) => cache.incr(versionKey(ns))));
    return namespaces.map(() => undefined);
  }),
);
