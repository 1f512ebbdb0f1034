import { Redis as IoRedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, outageTestsEnabled, type PrivateRedis, startPrivateRedis } from '#test/private-redis';
import { defaultRateLimitPolicies } from '#worker/rate-limit-policies';
import { createJsonLogger } from '../shared/json-logger';
import { createIoRedisUpstash, type IoRedisUpstash } from './ioredis-upstash';
import { createRedisCache, type RedisCache } from './redis-cache';
import { createRedisRateLimiter } from './redis-rate-limiter';

const installed = outageTestsEnabled();

const timeoutMs = 300;
const logger = createJsonLogger('error');

describe.skipIf(!installed)('the Redis adapters through a Redis outage', () => {
  let server: PrivateRedis;
  let client: IoRedisUpstash;
  let cache: RedisCache;
  let raw: IoRedis;

  beforeAll(async () => {
    server = await startPrivateRedis();
    client = createIoRedisUpstash({ url: server.url, timeoutMs, logger });
    await client.ready(2000);
    cache = createRedisCache(client.redis, { logger, prefix: 'c:', probeIntervalMs: 200 });
    raw = new IoRedis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    raw.on('error', () => {});
  });
  afterAll(async () => {
    raw.disconnect();
    await client.close();
    await server.kill();
  });

  it('degrades while Redis is gone and recovers without a restart, applying missed invalidations', async () => {
    await cache.set('page', { v: 1 }, 60);
    await cache.set('other', 'kept', 60);
    expect(await cache.get('page')).toEqual({ v: 1 });

    await server.kill();
    const started = Date.now();
    expect(await cache.get('page')).toBeUndefined();
    await expect(cache.set('page', { v: 2 }, 60)).resolves.toBeUndefined();
    await cache.del('page');
    expect(await cache.incr('ver:posts')).toBeUndefined();
    expect(cache.pendingInvalidations()).toBe(2);
    expect(await cache.health()).toBe('degraded');
    expect(Date.now() - started).toBeLessThan(3 * timeoutMs + 500);

    // The old entries survive in a Redis that comes back with its data (here: re-seeded after restart).
    await server.start();
    await raw.connect();
    await raw.set('c:page', JSON.stringify({ v: 1 }));
    await raw.set('c:other', JSON.stringify('kept'));
    await eventually(async () => (await cache.health()) === 'ok');

    expect(cache.pendingInvalidations()).toBe(0);
    expect(await cache.get('page')).toBeUndefined();
    expect(await raw.get('c:ver:posts')).toBe('1');
    expect(await cache.get('other')).toBe('kept');
    await cache.set('page', { v: 3 }, 60);
    expect(await cache.get('page')).toEqual({ v: 3 });
  });

  it('reports the limiter unavailable (never a success) while Redis is gone, and recovers', async () => {
    const limiter = createRedisRateLimiter(client.redis, defaultRateLimitPolicies, { timeoutMs, prefix: 'rl' });
    expect(await limiter.limit('login-ip', '198.51.100.1')).toMatchObject({ success: true, unavailable: false });
    await server.kill();
    const down = await limiter.limit('login-ip', '198.51.100.1');
    expect(down).toMatchObject({ success: false, unavailable: true });
    await server.start();
    await client.ready(3000);
    await eventually(async () => !(await limiter.limit('login-ip', '198.51.100.1')).unavailable);
  });

  it('answers within the timeout when Redis stalls (SIGSTOP) instead of hanging', async () => {
    await client.ready(3000);
    const limiter = createRedisRateLimiter(client.redis, defaultRateLimitPolicies, { timeoutMs, prefix: 'rl' });
    const stalledCache = createRedisCache(client.redis, { logger, prefix: 'c2:', probeIntervalMs: 200 });
    server.pause();
    try {
      const started = Date.now();
      const [limited, read] = await Promise.all([
        limiter.limit('login-account', 'x@example.com'),
        stalledCache.get('k'),
      ]);
      expect(Date.now() - started).toBeLessThan(timeoutMs + 700);
      expect(limited).toMatchObject({ success: false, unavailable: true });
      expect(read).toBeUndefined();
      // Both stop asking the stalled Redis for a while rather than waiting out a timeout per request.
      const again = Date.now();
      expect(await limiter.limit('login-account', 'x@example.com')).toMatchObject({ unavailable: true });
      expect(await stalledCache.get('k')).toBeUndefined();
      expect(Date.now() - again).toBeLessThan(50);
    } finally {
      server.resume();
    }
    await eventually(async () => (await stalledCache.health()) === 'ok');
  });
});
