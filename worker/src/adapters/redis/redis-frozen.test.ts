import { beforeAll, describe, expect, it } from 'vitest';
import { appOverPrivateRedis } from '#test/app-over-private-redis';
import { testConfig } from '#test/deps';
import { call, createTestPost } from '#test/post-factories';
import { eventually, outageTestsEnabled } from '#test/private-redis';

const timeoutMs = 100;

const p99 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.ceil(samples.length * 0.99) - 1] ?? 0;

describe.skipIf(!outageTestsEnabled())('the app with Redis frozen (SIGSTOP, private redis-server)', () => {
  const t = appOverPrivateRedis({
    timeoutMs,
    localFallback: true,
    rateLimitPolicies: {
      ...testConfig.rateLimitPolicies,
      // The read loop is not what is being limited here; post creation is.
      'api-ip': { limit: 100_000, windowSeconds: 1 },
      'post-create': { limit: 3, windowSeconds: 3600 },
    },
  });
  const fromIp = { incoming: { socket: { remoteAddress: '203.0.113.20' } } };

  const timedRead = async () => {
    const started = performance.now();
    const res = await t.app.request('/api/posts', {}, fromIp);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    return performance.now() - started;
  };

  beforeAll(async () => {
    await createTestPost(t.app, t.author, { title: 'Before the freeze' });
  });

  it('keeps signed-out read p99 within 3x normal and under 200 ms, holds per-user limits locally, and serves nothing stale after', async () => {
    const normal: number[] = [];
    for (let i = 0; i < 100; i++) normal.push(await timedRead());
    t.server.pause();
    const frozen: number[] = [];
    try {
      for (let i = 0; i < 200; i++) frozen.push(await timedRead());
      // Post creation per user still holds, from this process's own limiter (the budget is 3).
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const res = await call(t.app, 'POST', '/api/posts', t.author, {
          title: `Frozen ${i}`,
          body: 'b',
          status: 'published',
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      t.server.resume();
    }
    // Normal reads are Redis cache hits, frozen ones go to the database: a floor of 50 ms absorbs
    // that and timer noise on a busy machine; the bound that matters to a reader is 200 ms.
    expect(p99(frozen)).toBeLessThan(Math.max(3 * p99(normal), 50));
    expect(p99(frozen)).toBeLessThan(200);
    await eventually(async () => (await (await t.app.request('/api/health')).json()).checks.redis === 'ok');
    const res = await t.app.request('/api/posts', {}, fromIp);
    const titles = ((await res.json()).items as { title: string }[]).map((p) => p.title);
    expect(titles).toEqual(['Frozen 2', 'Frozen 1', 'Frozen 0', 'Before the freeze']);
  });
});
