import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '#test/deps';
import { createMemoryCache } from '../adapters/memory/memory-cache';
import { createMemoryRateLimiter } from '../adapters/memory/memory-rate-limiter';
import { createIoRedisUpstash } from '../adapters/redis/ioredis-upstash';
import { createRedisRateLimiter } from '../adapters/redis/redis-rate-limiter';
import { createJsonLogger } from '../adapters/shared/json-logger';
import { noMetrics, noRealtime, silentErrorReporter } from '../adapters/shared/noop';
import { systemClock } from '../adapters/shared/system-clock';
import type { AppEnv } from '../app-env';
import { announceTo } from '../cache/content-changes';
import type { AppConfig, Deps, RateLimiter } from '../ports';
import { defaultRateLimitPolicies } from '../rate-limit-policies';
import { clientIp } from './client-ip';
import { handleError } from './error-handler';
import { aroundEveryAnswer, beforeApiAnswers } from './every-answer';
import { stagesMiddleware } from './exchange';
import { emailFromBody, rateLimit } from './rate-limit';

const policies = {
  ...defaultRateLimitPolicies,
  'login-ip': { limit: 2, windowSeconds: 60 },
  'login-account': { limit: 1, windowSeconds: 60 },
  'api-ip': { limit: 3, windowSeconds: 1 },
};

function appWith(options: { config?: Partial<AppConfig>; rateLimiter?: RateLimiter; logLines?: string[] } = {}) {
  const config: AppConfig = { ...testConfig, rateLimitsEnabled: true, rateLimitPolicies: policies, ...options.config };
  // The middleware under test reads only config, limiter, logger and metrics; no route here touches the database.
  const deps = {
    db: undefined as never,
    cache: createMemoryCache(),
    changes: announceTo(),
    rateLimiter: options.rateLimiter ?? createMemoryRateLimiter(config.rateLimitPolicies),
    media: undefined as never,
    realtime: noRealtime,
    clock: systemClock,
    logger: createJsonLogger('warn', (line) => options.logLines?.push(line)),
    errorReporter: silentErrorReporter,
    passwordHasher: undefined as never,
    images: undefined as never,
    metrics: noMetrics,
    mailer: undefined as never,
    mail: undefined as never,
    config,
  } satisfies Deps;
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('user', undefined);
    await next();
  });
  app.use(stagesMiddleware(aroundEveryAnswer));
  app.onError(handleError);
  app.use('/api/ip', stagesMiddleware(beforeApiAnswers));
  app.get('/api/ip', (c) => c.json({ ip: clientIp(c) ?? null }));
  app.post(
    '/api/login',
    rateLimit('login-ip', clientIp, { failClosed: true }),
    rateLimit('login-account', emailFromBody, { failClosed: true }),
    async (c) => c.json({ echoed: ((await c.req.json()) as { email: string }).email }),
  );
  app.post(
    '/comment',
    rateLimit('comment-create', (c) => c.req.header('x-user')),
    (c) => c.json({ ok: true }),
  );
  return app;
}

const socket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
const login = (app: ReturnType<typeof appWith>, email: string, ip = '198.51.100.7') =>
  app.request(
    '/api/login',
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email }) },
    socket(ip),
  );

describe('rateLimit middleware', () => {
  it('sends RateLimit headers, then 429 with Retry-After and the contract error body', async () => {
    const app = appWith();
    const first = await login(app, 'a@example.com');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ echoed: 'a@example.com' });
    expect(first.headers.get('ratelimit-limit')).toBe('1');
    expect(first.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(Number(first.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60);

    const second = await login(app, 'A@Example.com ');
    expect(second.status).toBe(429);
    const retryAfter = Number(second.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    const body = await second.json();
    expect(body.error).toMatchObject({ code: 'rate_limited', requestId: second.headers.get('x-request-id') });
  });

  it('limits per IP across accounts', async () => {
    const app = appWith();
    expect((await login(app, 'one@example.com')).status).toBe(200);
    expect((await login(app, 'two@example.com')).status).toBe(200);
    expect((await login(app, 'three@example.com')).status).toBe(429);
    expect((await login(app, 'four@example.com', '198.51.100.8')).status).toBe(200);
  });

  it('does nothing when rate limits are off', async () => {
    const app = appWith({ config: { rateLimitsEnabled: false } });
    for (let i = 0; i < 3; i++) {
      const res = await login(app, 'a@example.com');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
  });

  it('does not limit requests it cannot attribute', async () => {
    const app = appWith();
    for (let i = 0; i < 40; i++) expect((await app.request('/comment', { method: 'POST' })).status).toBe(200);
  });

  describe('with the rate-limit store down (nothing listens on its port)', () => {
    const down = createIoRedisUpstash({ url: 'redis://127.0.0.1:1', timeoutMs: 200 });
    afterAll(() => down.close());
    const rateLimiter = createRedisRateLimiter(down.redis, policies, { timeoutMs: 200 });

    it('fails closed with 503 service_unavailable where asked (login)', async () => {
      const res = await login(appWith({ rateLimiter, config: { rateLimitPolicies: policies } }), 'a@example.com');
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe('service_unavailable');
    });

    it('fails open elsewhere, and logs a warning', async () => {
      const logLines: string[] = [];
      const app = appWith({ rateLimiter, logLines });
      const res = await app.request('/comment', { method: 'POST', headers: { 'x-user': 'u1' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
      expect(logLines.some((line) => JSON.parse(line).msg.includes('letting the request through'))).toBe(true);
    });
  });
});

describe('the API budget and the client IP', () => {
  it('limits the whole API per socket address without a trusted proxy, ignoring X-Forwarded-For', async () => {
    const app = appWith();
    const get = (xff: string) =>
      app.request('/api/ip', { headers: { 'X-Forwarded-For': xff } }, socket('::ffff:203.0.113.5'));
    const first = await get('1.1.1.1');
    expect(await first.json()).toEqual({ ip: '203.0.113.5' });
    await get('2.2.2.2');
    await get('3.3.3.3');
    const fourth = await get('4.4.4.4');
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toBe('1');
  });

  it('takes the right-most non-internal X-Forwarded-For hop only with TRUST_PROXY', async () => {
    const app = appWith({ config: { trustProxy: true, clientIpHeader: 'x-forwarded-for' } });
    const ipFor = async (xff: string | undefined) => {
      const headers: Record<string, string> = xff ? { 'X-Forwarded-For': xff } : {};
      return (await (await app.request('/api/ip', { headers }, socket('10.0.0.2'))).json()).ip;
    };
    expect(await ipFor('6.6.6.6, 203.0.113.9')).toBe('203.0.113.9');
    expect(await ipFor('6.6.6.6, 203.0.113.9, 172.18.0.3')).toBe('203.0.113.9');
    expect(await ipFor('2001:db8::1, fd00::5')).toBe('2001:db8::1');
    expect(await ipFor('192.168.1.20, 10.0.0.1')).toBe('192.168.1.20');
    expect(await ipFor(undefined)).toBe('10.0.0.2');
  });

  it('uses CF-Connecting-IP on Workers', async () => {
    const app = appWith({ config: { clientIpHeader: 'cf-connecting-ip' } });
    const res = await app.request('/api/ip', {
      headers: { 'CF-Connecting-IP': '2001:db8::7', 'X-Forwarded-For': '1.2.3.4' },
    });
    expect(await res.json()).toEqual({ ip: '2001:db8::7' });
  });
});
