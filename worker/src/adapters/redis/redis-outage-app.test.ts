import { describe, expect, it } from 'vitest';
import { appOverPrivateRedis } from '#test/app-over-private-redis';
import { call, createTestPost } from '#test/post-factories';
import { eventually, outageTestsEnabled } from '#test/private-redis';

const installed = outageTestsEnabled();

const timeoutMs = 300;

describe.skipIf(!installed)('the app through a Redis outage (private redis-server)', () => {
  const t = appOverPrivateRedis({ timeoutMs });
  const fromIp = { incoming: { socket: { remoteAddress: '203.0.113.10' } } };
  const login = () =>
    t.app.request(
      '/api/auth/login',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: t.author.user.email, password: t.author.password }),
      },
      fromIp,
    );
  const health = async () => {
    const res = await t.app.request('/api/health');
    return { status: res.status, body: await res.json() };
  };
  const homeTitles = async () => {
    const res = await t.app.request('/api/posts', {}, fromIp);
    expect(res.status).toBe(200);
    return ((await res.json()).items as { title: string }[]).map((p) => p.title);
  };

  it('works normally with Redis up', async () => {
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', checks: { db: 'ok', redis: 'ok' } } });
    expect((await login()).status).toBe(200);
    await createTestPost(t.app, t.author, { title: 'Before the outage' });
    expect(await homeTitles()).toEqual(['Before the outage']);
  });

  it('while Redis stalls: reads and writes succeed, and the missed invalidation is applied when it answers again', async () => {
    t.server.pause();
    try {
      const started = Date.now();
      expect(await homeTitles()).toEqual(['Before the outage']);
      await createTestPost(t.app, t.author, { title: 'During the stall' });
      expect(await homeTitles()).toEqual(['During the stall', 'Before the outage']);
      expect((await health()).body).toEqual({ status: 'degraded', checks: { db: 'ok', redis: 'degraded' } });
      expect((await login()).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(10 * timeoutMs + 3000);
    } finally {
      t.server.resume();
    }
    // The stale first page is still in Redis; the remembered bump retires it before any read uses Redis.
    await eventually(async () => (await health()).body.status === 'ok');
    expect(await homeTitles()).toEqual(['During the stall', 'Before the outage']);
  });

  it('while Redis is gone: login fails closed with 503, other writes fail open, reads come from the database', async () => {
    await t.server.kill();
    const res = await login();
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('service_unavailable');
    const comment = await call(
      t.app,
      'POST',
      `/api/posts/${(await createTestPost(t.app, t.author)).slug}/comments`,
      t.author,
      {
        body: 'Still works',
      },
    );
    expect(comment.status).toBe(201);
    expect((await homeTitles()).length).toBe(3);
    expect((await health()).status).toBe(200);
  });

  it('recovers when Redis returns, without a restart', async () => {
    await t.server.start();
    await eventually(async () => (await login()).status === 200);
    await eventually(async () => (await health()).body.status === 'ok');
    expect((await homeTitles()).length).toBe(3);
  });
});
