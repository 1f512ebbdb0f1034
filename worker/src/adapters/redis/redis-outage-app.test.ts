import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { createTestDeps, testConfig } from '#test/deps';
import { type CreatedUser, createUser } from '#test/factories';
import { call, createTestPost } from '#test/post-factories';
import { createPgliteDatabase } from '#test/postgres';
import { eventually, outageTestsEnabled, type PrivateRedis, startPrivateRedis } from '#test/private-redis';
import { type App, createApp } from '#worker/app';
import { createJsonLogger } from '../shared/json-logger';
import { createIoRedisUpstash, type IoRedisUpstash } from './ioredis-upstash';
import { createRedisCache } from './redis-cache';
import { createRedisRateLimiter } from './redis-rate-limiter';

const installed = outageTestsEnabled();

const timeoutMs = 300;

describe.skipIf(!installed)('the app through a Redis outage (private redis-server)', () => {
  let server: PrivateRedis;
  let client: IoRedisUpstash;
  let handle: DbHandle;
  let app: App;
  let author: CreatedUser;

  const fromIp = { incoming: { socket: { remoteAddress: '203.0.113.10' } } };
  const login = () =>
    app.request(
      '/api/auth/login',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: author.user.email, password: author.password }),
      },
      fromIp,
    );
  const health = async () => {
    const res = await app.request('/api/health');
    return { status: res.status, body: await res.json() };
  };
  const homeTitles = async () => {
    const res = await app.request('/api/posts', {}, fromIp);
    expect(res.status).toBe(200);
    return ((await res.json()).items as { title: string }[]).map((p) => p.title);
  };

  beforeAll(async () => {
    server = await startPrivateRedis();
    client = createIoRedisUpstash({ url: server.url, timeoutMs });
    await client.ready(2000);
    handle = await createPgliteDatabase();
    const logger = createJsonLogger('error');
    const config = { ...testConfig, rateLimitsEnabled: true, redisTimeoutMs: timeoutMs };
    const deps = await createTestDeps(handle.db, {
      config,
      logger,
      cache: createRedisCache(client.redis, { logger, probeIntervalMs: 200 }),
      rateLimiter: createRedisRateLimiter(client.redis, config.rateLimitPolicies, { timeoutMs, logger }),
    });
    app = createApp(deps);
    author = await createUser(handle.db);
  });
  afterAll(async () => {
    await client.close();
    await server.kill();
    await handle.close();
  });

  it('works normally with Redis up', async () => {
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', checks: { db: 'ok', redis: 'ok' } } });
    expect((await login()).status).toBe(200);
    await createTestPost(app, author, { title: 'Before the outage' });
    expect(await homeTitles()).toEqual(['Before the outage']);
  });

  it('while Redis stalls: reads and writes succeed, and the missed invalidation is applied when it answers again', async () => {
    server.pause();
    try {
      const started = Date.now();
      expect(await homeTitles()).toEqual(['Before the outage']);
      await createTestPost(app, author, { title: 'During the stall' });
      expect(await homeTitles()).toEqual(['During the stall', 'Before the outage']);
      expect((await health()).body).toEqual({ status: 'degraded', checks: { db: 'ok', redis: 'degraded' } });
      expect((await login()).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(10 * timeoutMs + 3000);
    } finally {
      server.resume();
    }
    // The stale first page is still in Redis; the remembered bump retires it before any read uses Redis.
    await eventually(async () => (await health()).body.status === 'ok');
    expect(await homeTitles()).toEqual(['During the stall', 'Before the outage']);
  });

  it('while Redis is gone: login fails closed with 503, other writes fail open, reads come from the database', async () => {
    await server.kill();
    const res = await login();
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('service_unavailable');
    const comment = await call(app, 'POST', `/api/posts/${(await createTestPost(app, author)).slug}/comments`, author, {
      body: 'Still works',
    });
    expect(comment.status).toBe(201);
    expect((await homeTitles()).length).toBe(3);
    expect((await health()).status).toBe(200);
  });

  it('recovers when Redis returns, without a restart', async () => {
    await server.start();
    await eventually(async () => (await login()).status === 200);
    await eventually(async () => (await health()).body.status === 'ok');
    expect((await homeTitles()).length).toBe(3);
  });
});
