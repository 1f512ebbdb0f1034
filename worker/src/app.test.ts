import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { postsAppOn } from '#test/app-under-test';
import { createTestDeps } from '#test/deps';
import { redisHealth } from '#test/edge-differences';
import { contractEngines, createPgliteDatabase } from '#test/postgres';
import type { Answerer } from '#test/requests';
import { createApp } from './app';
import type { ErrorReporter } from './ports';

describe('an unknown error (a route that throws, added to the app in this process)', () => {
  let handle: DbHandle;
  let app: ReturnType<typeof createApp>;
  const reported: unknown[] = [];

  beforeAll(async () => {
    handle = await createPgliteDatabase();
    const errorReporter: ErrorReporter = { capture: (error) => reported.push(error) };
    app = createApp(await createTestDeps(handle.db, { errorReporter }));
    app.get('/api/boom', () => {
      throw new Error('secret internals at /srv/app.ts:12');
    });
  });
  afterAll(() => handle.close());

  it('hides unknown errors behind a 500 with the request id and reports them', async () => {
    const res = await app.request('/api/boom');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret internals');
    expect(JSON.parse(text).error).toMatchObject({ code: 'internal', requestId: res.headers.get('x-request-id') });
    expect(reported).toHaveLength(1);
  });
});

describe.each(await contractEngines())('the app shell on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let app: Answerer;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const opened = await engine.open();
      close = opened.close;
      app = (await postsAppOn(opened)).app;
    });
    afterAll(() => close());

    it('reports health with the database up', async () => {
      const res = await app.request('/api/health');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', checks: { db: 'ok', redis: redisHealth[engine.name] } });
    });

    it('echoes a sane inbound request id and replaces an unsafe one', async () => {
      const kept = await app.request('/api/health', { headers: { 'X-Request-Id': 'upstream-1234abcd' } });
      expect(kept.headers.get('x-request-id')).toBe('upstream-1234abcd');
      const replaced = await app.request('/api/health', { headers: { 'X-Request-Id': '<script>alert(1)</script>' } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers an unknown route with a JSON 404', async () => {
      const res = await app.request('/api/nope');
      expect(res.status).toBe(404);
      const body = await res.json();
      expect(body.error.code).toBe('not_found');
      expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    });

    it('answers a wrong method on a known route with 405 and Allow', async () => {
      const res = await app.request('/api/health', { method: 'DELETE' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toContain('GET');
      expect((await res.json()).error.code).toBe('method_not_allowed');
    });

    it('refuses NUL in a path or query instead of failing in the database', async () => {
      const path = await app.request('/api/posts/abc%00def');
      expect(path.status).toBe(404);
      const query = await app.request('/api/search?q=a%00b');
      expect(query.status).toBe(422);
      expect((await query.json()).error.details).toEqual({ query: ['must not contain NUL characters'] });
    });

    it('sends data answers a policy that allows nothing, and pages the app policy', async () => {
      const data = await app.request('/api/health');
      expect(data.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(data.headers.get('x-content-type-options')).toBe('nosniff');
      expect(data.headers.get('x-frame-options')).toBe('DENY');
      expect(data.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(data.headers.get('cross-origin-opener-policy')).toBeNull();
      const page = await app.request('/api/docs');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('allows CORS only for listed origins', async () => {
      const allowed = await app.request('/api/health', { headers: { Origin: 'http://allowed.example' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://allowed.example');
      const denied = await app.request('/api/health', { headers: { Origin: 'http://evil.example' } });
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
