import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { createTestDeps, testConfig } from '#test/deps';
import { type CreatedUser, createUser } from '#test/factories';
import { call, createTestPost } from '#test/post-factories';
import { createPgliteDatabase } from '#test/postgres';
import { deleteKeysWithPrefix } from '#test/redis-keys';
import { redisAvailable, redisUrl } from '#test/services';
import { createIoRedisUpstash, type IoRedisUpstash } from '../adapters/redis/ioredis-upstash';
import { createRedisRateLimiter } from '../adapters/redis/redis-rate-limiter';
import { type App, createApp } from '../app';
import type { AppConfig, Deps } from '../ports';
import { defaultRateLimitPolicies } from '../rate-limit-policies';

const available = await redisAvailable();
const prefix = `ep-test:route-limits:${process.pid}:${Date.now()}`;
const config: AppConfig = {
  ...testConfig,
  rateLimitsEnabled: true,
  rateLimitPolicies: {
    ...defaultRateLimitPolicies,
    'login-ip': { limit: 4, windowSeconds: 60 },
    'login-account': { limit: 2, windowSeconds: 60 },
    'register-ip': { limit: 2, windowSeconds: 60 },
    'password-reset-ip': { limit: 10, windowSeconds: 60 },
    'password-reset-address': { limit: 3, windowSeconds: 60 },
    'refresh-family': { limit: 2, windowSeconds: 60 },
    'post-create': { limit: 2, windowSeconds: 3600 },
    'comment-create': { limit: 2, windowSeconds: 60 },
    'api-ip': { limit: 1000, windowSeconds: 1 },
  },
};

const fromIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
function post(app: App, path: string, body: unknown, ip: string, headers: Record<string, string> = {}) {
  return app.request(
    path,
    { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) },
    fromIp(ip),
  );
}

describe.skipIf(!available)('route rate limits, shared by two app instances through one Redis', () => {
  let handle: DbHandle;
  const clients: IoRedisUpstash[] = [];
  const instanceDeps: Deps[] = [];
  let a: App;
  let b: App;
  let alice: CreatedUser;

  beforeAll(async () => {
    handle = await createPgliteDatabase();
    // What is tested is sharing through Redis, not its timeouts: a call slowed past a short bound by
    // the other suites running beside this one would fall back to each instance's own count.
    const instance = async () => {
      const client = createIoRedisUpstash({ url: redisUrl, timeoutMs: 5000 });
      await client.ready(5000);
      clients.push(client);
      const rateLimiter = createRedisRateLimiter(client.redis, config.rateLimitPolicies, { timeoutMs: 5000, prefix });
      const deps = await createTestDeps(handle.db, { config, rateLimiter });
      instanceDeps.push(deps);
      return createApp(deps);
    };
    a = await instance();
    b = await instance();
    alice = await createUser(handle.db);
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(redisUrl, prefix);
    await Promise.all(clients.map((client) => client.close()));
    await handle.close();
  });

  it('limits login attempts per account and client across instances, with Retry-After', async () => {
    const stranger = '203.0.113.1';
    const attempt = (app: App, ip: string) =>
      post(app, '/api/auth/login', { email: alice.user.email, password: 'wrong-password-123' }, ip);
    expect((await attempt(a, stranger)).status).toBe(401);
    expect((await attempt(b, stranger)).status).toBe(401);
    const third = await attempt(a, stranger);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await third.json()).error.code).toBe('rate_limited');
    // The stranger's spent budget is theirs alone: the owner, from their own address, still signs in.
    const owner = await post(
      b,
      '/api/auth/login',
      { email: alice.user.email.toUpperCase(), password: alice.password },
      '203.0.113.4',
    );
    expect(owner.status).toBe(200);
    // And the stranger cannot simply try the right password from the spent client.
    expect(
      (await post(a, '/api/auth/login', { email: alice.user.email, password: alice.password }, stranger)).status,
    ).toBe(429);
  });

  it('limits password-reset requests per address and per client across instances, the same for unknown addresses', async () => {
    const ask = (app: App, email: string, ip: string) => post(app, '/api/auth/password-reset', { email }, ip);
    for (const email of [alice.user.email, 'nobody-at-all@example.test']) {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await ask(i % 2 ? a : b, email, `198.51.100.${40 + i}`)).status);
      expect(statuses).toEqual([202, 202, 202, 429]);
    }
    const ip = '198.51.100.60';
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await ask(i % 2 ? a : b, `spray${i}@example.test`, ip)).status);
    expect(statuses.slice(0, 10).every((status) => status === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
    // The lookups and messages run after each answer; let them finish before the next test.
    await Promise.all(instanceDeps.map((deps) => deps.mail.settled()));
  });

  it('limits login attempts per IP across accounts and instances', async () => {
    const ip = '198.51.100.20';
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(
        i % 2 ? a : b,
        '/api/auth/login',
        { email: `nobody${i}@example.test`, password: 'x-password-123' },
        ip,
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });

  it('limits registrations per IP', async () => {
    const ip = '198.51.100.30';
    const register = (app: App, n: number) =>
      post(
        app,
        '/api/auth/register',
        {
          email: `r${n}${prefix.length}@example.test`,
          username: `reg_${n}_${process.pid}`,
          password: 'a-good-long-passphrase-1',
        },
        ip,
      );
    expect((await register(a, 1)).status).toBe(201);
    const second = await register(b, 2);
    expect(second.status).toBe(201);
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    expect((await register(a, 3)).status).toBe(429);
  });

  it('limits refreshes per session (token family), across rotations', async () => {
    const bob = await createUser(handle.db);
    const signedIn = await post(a, '/api/auth/login', { email: bob.user.email, password: bob.password }, '192.0.2.51');
    expect(signedIn.status).toBe(200);
    let { refreshToken } = (await signedIn.json()) as { refreshToken: string };
    for (const app of [a, b]) {
      const res = await post(app, '/api/auth/refresh', { refreshToken }, '192.0.2.60');
      expect(res.status).toBe(200);
      refreshToken = ((await res.json()) as { refreshToken: string }).refreshToken;
    }
    expect((await post(a, '/api/auth/refresh', { refreshToken }, '192.0.2.99')).status).toBe(429);
  });

  it('limits post creation and comments per user', async () => {
    const author = await createUser(handle.db);
    await createTestPost(a, author);
    const second = await createTestPost(b, author);
    const third = await call(a, 'POST', '/api/posts', author, { title: 'Third', body: 'x', status: 'published' });
    expect(third.status).toBe(429);
    const other = await createUser(handle.db);
    expect((await createTestPost(a, other)).slug).toBeTruthy();

    const comment = (app: App) => call(app, 'POST', `/api/posts/${second.slug}/comments`, author, { body: 'hi' });
    expect((await comment(a)).status).toBe(201);
    expect((await comment(b)).status).toBe(201);
    expect((await comment(a)).status).toBe(429);
  });

  it('applies the general per-IP API limit across instances', async () => {
    const tight = {
      ...config,
      rateLimitPolicies: { ...config.rateLimitPolicies, 'api-ip': { limit: 3, windowSeconds: 5 } },
    };
    const apps = await Promise.all(
      clients.map(async (client) =>
        createApp(
          await createTestDeps(handle.db, {
            config: tight,
            rateLimiter: createRedisRateLimiter(client.redis, tight.rateLimitPolicies, {
              timeoutMs: 1000,
              prefix: `${prefix}:api`,
            }),
          }),
        ),
      ),
    );
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await apps[i % 2]!.request('/api/tags', {}, fromIp('203.0.113.77'))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await apps[0]!.request('/api/tags', {}, fromIp('203.0.113.78'))).status).toBe(200);
  });
});
