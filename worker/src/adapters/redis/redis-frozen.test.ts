import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { createTestDeps, testConfig } from '#test/deps';
import { type CreatedUser, createUser } from '#test/factories';
import { call, createTestPost } from '#test/post-factories';
import { createPgliteDatabase } from '#test/postgres';
import { eventually, outageTestsEnabled, type PrivateRedis, startPrivateRedis } from '#test/private-redis';
import { type App, createApp } from '#worker/app';
import { createMemoryRateLimiter } from '../memory/memory-rate-limiter';
import { createJsonLogger } from '../shared/json-logger';
import { createIoRedisUpstash, type IoRedisUpstash } from './ioredis-upstash';
import { createRedisCache } from './redis-cache';
import { createRedisRateLimiter } from './redis-rate-limiter';

const timeoutMs = 100;

const p99 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.ceil(samples.length * 0.99) - 1] ?? 0;

describe.skipIf(!outageTestsEnabled())('the app with Redis frozen (SIGSTOP, private redis-server)', () => {
  let server: PrivateRedis;
  let client: IoRedisUpstash;
  let handle: DbHandle;
  let app: App;
  let author: CreatedUser;
  const fromIp = { incoming: { socket: { remoteAddress: '203.0.113.20' } } };

  const timedRead = async () => {
    const started = performance.now();
    const res = await app.request('/api/posts', {}, fromIp);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    return performance.now() - started;
  };

  beforeAll(async () => {
    server = await startPrivateRedis();
    client = createIoRedisUpstash({ url: server.url, timeoutMs });
    await client.ready(2000);
    handle = await createPgliteDatabase();
    const logger = createJsonLogger('error');
    const policies = {
      ...testConfig.rateLimitPolicies,
      // The read loop is not what is being limited here; post creation is.
      'api-ip': { limit: 100_000, windowSeconds: 1 },
      'post-create': { limit: 3, windowSeconds: 3600 },
    };
    const config = { ...testConfig, rateLimitsEnabled: true, redisTimeoutMs: timeoutMs, rateLimitPolicies: policies };
    const deps = await createTestDeps(handle.db, {
      config,
      logger,
      cache: createRedisCache(client.redis, { logger, probeIntervalMs: 200 }),
      rateLimiter: createRedisRateLimiter(client.redis, policies, {
        timeoutMs,
        logger,
        fallback: createMemoryRateLimiter(policies),
      }),
    });
    app = createApp(deps);
    author = await createUser(handle.db);
    await createTestPost(app, author, { title: 'Before the freeze' });
  });
  afterAll(async () => {
    server.resume();
    await client.close();
    await server.kill();
    await handle.close();
  });

  it('keeps signed-out read p99 within 3x normal and under 200 ms, holds per-user limits locally, and serves nothing stale after', async () => {
    const normal: number[] = [];
    for (let i = 0; i < 100; i++) normal.push(await timedRead());
    server.pause();
    const frozen: number[] = [];
    try {
      for (let i = 0; i < 200; i++) frozen.push(await timedRead());
      // Post creation per user still holds, from this process's own limiter (the budget is 3).
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const res = await call(app, 'POST', '/api/posts', author, {
          title: `Frozen ${i}`,
          body: 'b',
          status: 'published',
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      server.resume();
    }
    // Normal reads are Redis cache hits, frozen ones go to the database: a floor of 50 ms absorbs
    // that and timer noise on a busy machine; the bound that matters to a reader is 200 ms.
    expect(p99(frozen)).toBeLessThan(Math.max(3 * p99(normal), 50));
    expect(p99(frozen)).toBeLessThan(200);
    await eventually(async () => (await (await app.request('/api/health')).json()).checks.redis === 'ok');
    const res = await app.request('/api/posts', {}, fromIp);
    const titles = ((await res.json()).items as { title: string }[]).map((p) => p.title);
    expect(titles).toEqual(['Frozen 2', 'Frozen 1', 'Frozen 0', 'Before the freeze']);
  });
});
