import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix } from '#test/redis-keys';
import { redisAvailable, redisUrl } from '#test/services';
import { createMemoryCache } from '../adapters/memory/memory-cache';
import { createIoRedisUpstash, type IoRedisUpstash } from '../adapters/redis/ioredis-upstash';
import { createRedisCache } from '../adapters/redis/redis-cache';
import { createJsonLogger } from '../adapters/shared/json-logger';
import { noMetrics } from '../adapters/shared/noop';
import type { Cache } from '../ports';
import { cached, invalidate } from './cached';

const available = await redisAvailable();
const prefix = `ep-test:cached:${process.pid}:${Date.now()}:`;
const logger = createJsonLogger('error');

function counter<T>(value: () => T, delayMs = 0) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    load: async () => {
      calls++;
      await new Promise((r) => setTimeout(r, delayMs));
      return value();
    },
  };
}

function behavesAsACache(name: string, makeCache: () => Cache, enabled = true) {
  describe.skipIf(!enabled)(`cached() over the ${name}`, () => {
    let deps: { cache: Cache; metrics: typeof noMetrics };
    let n = 0;
    const spec = (dependsOn: string[] = ['posts']) => ({ key: `list:${name}:${++n}`, dependsOn });

    beforeAll(() => {
      deps = { cache: makeCache(), metrics: noMetrics };
    });

    it('loads once, then answers from the cache', async () => {
      const source = counter(() => ({ items: [1, 2] }));
      const s = spec();
      expect(await cached(deps, s, 60, source.load)).toEqual({ items: [1, 2] });
      expect(await cached(deps, s, 60, source.load)).toEqual({ items: [1, 2] });
      expect(source.calls).toBe(1);
    });

    it('reloads after any namespace it depends on is invalidated, and only then', async () => {
      let version = 1;
      const source = counter(() => ({ version }));
      const post = `post:${name}:${n}`;
      const s = spec([post, 'users']);
      await cached(deps, s, 60, source.load);
      await invalidate(deps, 'unrelated');
      expect(await cached(deps, s, 60, source.load)).toEqual({ version: 1 });
      version = 2;
      await invalidate(deps, post);
      expect(await cached(deps, s, 60, source.load)).toEqual({ version: 2 });
      version = 3;
      await invalidate(deps, 'users');
      expect(await cached(deps, s, 60, source.load)).toEqual({ version: 3 });
      expect(source.calls).toBe(3);
    });

    it('shares one load among concurrent misses (no stampede)', async () => {
      const source = counter(() => 'hot', 50);
      const s = spec();
      const answers = await Promise.all(Array.from({ length: 25 }, () => cached(deps, s, 60, source.load)));
      expect(new Set(answers)).toEqual(new Set(['hot']));
      expect(source.calls).toBe(1);
    });

    it('does not cache a failed load, and fails every waiter on it', async () => {
      let fail = true;
      const source = counter(() => {
        if (fail) throw new Error('db down');
        return 'fine';
      }, 20);
      const s = spec();
      const results = await Promise.allSettled([cached(deps, s, 60, source.load), cached(deps, s, 60, source.load)]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      fail = false;
      expect(await cached(deps, s, 60, source.load)).toBe('fine');
      expect(source.calls).toBe(2);
    });

    it('does not cache null answers', async () => {
      const source = counter(() => null);
      const s = spec();
      await cached(deps, s, 60, source.load);
      await cached(deps, s, 60, source.load);
      expect(source.calls).toBe(2);
    });
  });
}

describe('cache helpers', () => {
  behavesAsACache('memory cache', () => createMemoryCache());

  let client: IoRedisUpstash | undefined;
  if (available) client = createIoRedisUpstash({ url: redisUrl, timeoutMs: 1000 });
  afterAll(async () => {
    if (!client) return;
    await deleteKeysWithPrefix(redisUrl, prefix);
    await client.close();
  });
  behavesAsACache('Redis cache', () => createRedisCache(client!.redis, { logger, prefix }), available);

  it('expires entries after their TTL (memory cache with a controlled clock)', async () => {
    let now = 1_000_000;
    const deps = { cache: createMemoryCache(() => now), metrics: noMetrics };
    const source = counter(() => 'v');
    await cached(deps, { key: 'ttl', dependsOn: [] }, 30, source.load);
    now += 29_000;
    await cached(deps, { key: 'ttl', dependsOn: [] }, 30, source.load);
    now += 2_000;
    await cached(deps, { key: 'ttl', dependsOn: [] }, 30, source.load);
    expect(source.calls).toBe(2);
  });

  it('serves loads without error when Redis cannot be reached', async () => {
    const down = createIoRedisUpstash({ url: 'redis://127.0.0.1:1', timeoutMs: 200 });
    const deps = { cache: createRedisCache(down.redis, { logger, prefix }), metrics: noMetrics };
    const source = counter(() => 'from the database');
    expect(await cached(deps, { key: 'k', dependsOn: ['posts'] }, 60, source.load)).toBe('from the database');
    await expect(invalidate(deps, 'posts')).resolves.toBeUndefined();
    expect(await cached(deps, { key: 'k', dependsOn: ['posts'] }, 60, source.load)).toBe('from the database');
    await down.close();
  });
});
