import type { Cache } from '#worker/ports';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * The embedded target's cache: the same semantics as the Redis one (JSON values, TTLs, counters),
 * in one process. Values are stored serialized so callers can never mutate a cached object.
 */
export function createMemoryCache(now: () => number = Date.now, maxEntries = 10_000): Cache {
  const entries = new Map<string, Entry>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const store = (key: string, value: string, ttlSeconds: number) => {
    entries.delete(key);
    if (entries.size >= maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
  };
  return {
    async get<T>(key: string) {
      const entry = live(key);
      return entry ? (JSON.parse(entry.value) as T) : undefined;
    },
    async set(key, value, ttlSeconds) {
      store(key, JSON.stringify(value), ttlSeconds);
    },
    async del(...keys) {
      for (const key of keys) entries.delete(key);
    },
    async incr(key) {
      const next = Number(live(key)?.value ?? 0) + 1;
      store(key, String(next), 7 * 24 * 3600);
      return next;
    },
    async readCounter(key) {
      return Number(live(key)?.value ?? 0);
    },
    async health() {
      return 'absent';
    },
  };
}
