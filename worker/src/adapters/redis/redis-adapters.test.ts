import { Redis as IoRedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix } from '#test/redis-keys';
import { redisAvailable, redisUrl } from '#test/services';
import { createJsonLogger } from '../shared/json-logger';
import { createIoRedisUpstash, type IoRedisUpstash } from './ioredis-upstash';
import { createRedisCache } from './redis-cache';
import { createRedisRateLimiter } from './redis-rate-limiter';

const available = await redisAvailable();
const prefix = `ep-test:adapters:${process.pid}:${Date.now()}:`;
const logger = createJsonLogger('error');
const policies = {
  'login-ip': { limit: 3, windowSeconds: 60 },
  'login-account': { limit: 2, windowSeconds: 60 },
  'register-ip': { limit: 3, windowSeconds: 60 },
  'password-reset-ip': { limit: 3, windowSeconds: 60 },
  'password-reset-address': { limit: 3, windowSeconds: 60 },
  'verify-resend': { limit: 3, windowSeconds: 60 },
  'refresh-family': { limit: 3, windowSeconds: 60 },
  'post-create': { limit: 3, windowSeconds: 3600 },
  'comment-create': { limit: 3, windowSeconds: 60 },
  'api-ip': { limit: 5, windowSeconds: 1 },
};

describe.skipIf(!available)('Redis cache and rate limiter on real Redis', () => {
  let client: IoRedisUpstash;
  let raw: IoRedis;

  beforeAll(async () => {
    client = createIoRedisUpstash({ url: redisUrl, timeoutMs: 1000 });
    raw = new IoRedis(redisUrl);
    await client.ready(2000);
  });
  afterAll(async () => {
    raw.disconnect();
    await deleteKeysWithPrefix(redisUrl, prefix);
    await client.close();
  });

  describe('cache', () => {
    const cache = () => createRedisCache(client.redis, { logger, prefix: `${prefix}c:` });

    it('misses, then hits with an equal copy of the value', async () => {
      const c = cache();
      expect(await c.get('post:1')).toBeUndefined();
      await c.set('post:1', { title: 'Hello', tags: ['a'], n: 2 }, 60);
      expect(await c.get('post:1')).toEqual({ title: 'Hello', tags: ['a'], n: 2 });
    });

    it('keeps strings that look like numbers or JSON as strings', async () => {
      const c = cache();
      await c.set('s1', '123', 60);
      await c.set('s2', '{"a":1}', 60);
      await c.set('n', 123, 60);
      expect(await c.get('s1')).toBe('123');
      expect(await c.get('s2')).toBe('{"a":1}');
      expect(await c.get('n')).toBe(123);
    });

    it('expires entries after their TTL and deletes on demand', async () => {
      const c = cache();
      await c.set('short', 'x', 1);
      expect(await raw.ttl(`${prefix}c:short`)).toBe(1);
      await c.set('gone', 'y', 60);
      await c.del('gone', 'never-set');
      expect(await c.get('gone')).toBeUndefined();
    });

    it('increments counters atomically, with a TTL', async () => {
      const c = cache();
      const values = await Promise.all([1, 2, 3, 4].map(() => c.incr('ver:posts')));
      expect(values.sort()).toEqual([1, 2, 3, 4]);
      expect(await c.get('ver:posts')).toBe(4);
      expect(await raw.ttl(`${prefix}c:ver:posts`)).toBeGreaterThan(3600);
    });

    it('reports ok health', async () => {
      expect(await cache().health()).toBe('ok');
    });
  });

  describe('rate limiter', () => {
    it('allows the policy limit in a window, then refuses with a reset time', async () => {
      const limiter = createRedisRateLimiter(client.redis, policies, { timeoutMs: 1000, prefix: `${prefix}rl1` });
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await limiter.limit('login-ip', '203.0.113.9'));
      expect(results.map((r) => [r.success, r.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
      ]);
      const refused = await limiter.limit('login-ip', '203.0.113.9');
      expect(refused).toMatchObject({ success: false, limit: 3, remaining: 0, unavailable: false });
      expect(refused.reset).toBeGreaterThan(Date.now());
      expect(refused.reset).toBeLessThanOrEqual(Date.now() + 60_000);
    });

    it('counts identifiers and policies separately', async () => {
      const limiter = createRedisRateLimiter(client.redis, policies, { timeoutMs: 1000, prefix: `${prefix}rl2` });
      await limiter.limit('login-account', 'a@example.com');
      await limiter.limit('login-account', 'a@example.com');
      expect((await limiter.limit('login-account', 'a@example.com')).success).toBe(false);
      expect((await limiter.limit('login-account', 'b@example.com')).success).toBe(true);
      expect((await limiter.limit('login-ip', 'a@example.com')).success).toBe(true);
    });

    it('shares counts between limiters on the same Redis (two app instances)', async () => {
      const a = createRedisRateLimiter(client.redis, policies, { timeoutMs: 1000, prefix: `${prefix}rl3` });
      const other = createIoRedisUpstash({ url: redisUrl, timeoutMs: 1000 });
      await other.ready(2000);
      const b = createRedisRateLimiter(other.redis, policies, { timeoutMs: 1000, prefix: `${prefix}rl3` });
      await a.limit('comment-create', 'user-1');
      await b.limit('comment-create', 'user-1');
      await a.limit('comment-create', 'user-1');
      const fourth = await b.limit('comment-create', 'user-1');
      await other.close();
      expect(fourth.success).toBe(false);
    });

    it('refuses an unknown policy name loudly', async () => {
      const limiter = createRedisRateLimiter(client.redis, policies, { timeoutMs: 1000, prefix: `${prefix}rl4` });
      await expect(limiter.limit('nope', 'x')).rejects.toThrow(/Unknown rate-limit policy/);
    });
  });
});
