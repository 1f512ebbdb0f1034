import type { Redis } from '@upstash/redis';
import type { Cache, Logger } from '#worker/ports';

export interface RedisCacheOptions {
  logger: Logger;
  /** Prepended to every key, so several apps or test files can share one Redis. */
  prefix?: string;
  /** While Redis is failing, ask it again at most this often; in between, answer from nothing at once. */
  probeIntervalMs?: number;
  /** Counters (versioned-key namespaces) outlive the entries they version by far. */
  counterTtlSeconds?: number;
  /** Bound on remembered failed invalidations; beyond it the oldest are dropped (entries' TTLs still bound staleness). */
  maxPendingInvalidations?: number;
  now?: () => number;
}

/** A cache with a few inspection hooks the health route and tests use. */
export interface RedisCache extends Cache {
  /** Invalidations that failed and wait for Redis to come back. */
  pendingInvalidations(): number;
}

/**
 * The Cache port over @upstash/redis (REST on the edge, ioredis on Node). It never throws: a read
 * that fails is a miss, a write that fails is skipped, and a failed invalidation (DEL or INCR of a
 * namespace counter) is remembered and applied before this process trusts Redis again, so nothing
 * stale is served from here once Redis returns. After a failure the cache stops asking Redis (a
 * circuit breaker) and probes it again in the background every `probeIntervalMs`, so an outage,
 * even a frozen Redis, costs a request at most one timeout, once.
 */
export function createRedisCache(redis: Redis, options: RedisCacheOptions): RedisCache {
  const {
    logger,
    prefix = 'ep:cache:',
    probeIntervalMs = 1000,
    counterTtlSeconds = 7 * 24 * 3600,
    maxPendingInvalidations = 10_000,
    now = Date.now,
  } = options;
  const pendingDeletes = new Set<string>();
  const pendingIncrements = new Set<string>();
  let down = false;
  let nextProbeAt = 0;
  let recovering: Promise<boolean> | undefined;

  const markDown = (operation: string, error: unknown) => {
    if (!down) logger.warn('redis cache unavailable; serving from the database', { operation, error: String(error) });
    down = true;
    nextProbeAt = now() + probeIntervalMs;
  };

  const remember = (set: Set<string>, keys: string[]) => {
    for (const key of keys) set.add(key);
    while (pendingDeletes.size + pendingIncrements.size > maxPendingInvalidations) {
      const oldest = pendingDeletes.values().next().value ?? pendingIncrements.values().next().value;
      if (oldest === undefined) break;
      pendingDeletes.delete(oldest);
      pendingIncrements.delete(oldest);
      logger.error('redis cache dropped a pending invalidation', { key: oldest });
    }
  };

  const bump = async (key: string) => {
    const [value] = await redis.pipeline().incr(key).expire(key, counterTtlSeconds).exec<[number, number]>();
    return value;
  };

  /** Applies remembered invalidations; true when Redis answered all of them. */
  const applyPending = async () => {
    const deletes = [...pendingDeletes];
    const increments = [...pendingIncrements];
    if (deletes.length > 0) await redis.del(...deletes);
    for (const key of increments) await bump(key);
    for (const key of deletes) pendingDeletes.delete(key);
    for (const key of increments) pendingIncrements.delete(key);
    if (deletes.length + increments.length > 0) {
      logger.info('redis cache applied pending invalidations', { count: deletes.length + increments.length });
    }
  };

  /** Pings Redis and applies what is pending; one at a time. */
  const probe = (): Promise<boolean> => {
    recovering ??= (async () => {
      try {
        await redis.ping();
        await applyPending();
        if (down) logger.info('redis cache available again');
        down = false;
        return true;
      } catch (error) {
        markDown('probe', error);
        return false;
      } finally {
        recovering = undefined;
      }
    })();
    return recovering;
  };

  /**
   * Whether Redis may be used now: always while up. While down, a probe per interval runs in the
   * background and nobody waits for it (a frozen Redis would hold every request for the timeout):
   * requests go to the database until a probe succeeds.
   */
  const usable = async (): Promise<boolean> => {
    if (!down && pendingDeletes.size + pendingIncrements.size === 0) return true;
    if (down && now() < nextProbeAt) return false;
    const probing = probe();
    return down ? false : probing;
  };

  return {
    async get<T>(key: string) {
      if (!(await usable())) return undefined;
      try {
        const value = await redis.get<T>(prefix + key);
        return value ?? undefined;
      } catch (error) {
        markDown('get', error);
        return undefined;
      }
    },
    async set(key, value, ttlSeconds) {
      if (value === undefined || !(await usable())) return;
      try {
        // Stored as JSON text; @upstash/redis parses it back on get, so strings stay strings.
        await redis.set(prefix + key, JSON.stringify(value), { ex: Math.max(1, Math.ceil(ttlSeconds)) });
      } catch (error) {
        markDown('set', error);
      }
    },
    async del(...keys) {
      if (keys.length === 0) return;
      const full = keys.map((key) => prefix + key);
      if (await usable()) {
        try {
          await redis.del(...full);
          return;
        } catch (error) {
          markDown('del', error);
        }
      }
      remember(pendingDeletes, full);
    },
    async incr(key) {
      if (await usable()) {
        try {
          return await bump(prefix + key);
        } catch (error) {
          markDown('incr', error);
        }
      }
      remember(pendingIncrements, [prefix + key]);
      return undefined;
    },
    async readCounter(key) {
      if (!(await usable())) return undefined;
      try {
        return Number((await redis.get<number>(prefix + key)) ?? 0);
      } catch (error) {
        markDown('get', error);
        return undefined;
      }
    },
    async health() {
      // The health check is the one caller that waits for a probe: it must say what Redis is now.
      if (down && !(await probe())) return 'degraded';
      try {
        await redis.ping();
        return 'ok';
      } catch (error) {
        markDown('ping', error);
        return 'degraded';
      }
    },
    pendingInvalidations: () => pendingDeletes.size + pendingIncrements.size,
  };
}
