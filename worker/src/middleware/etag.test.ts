import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../app-env';
import { cacheableGet, privateCacheControl, publicCacheControl } from './etag';

function appWith(status = 200) {
  return new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('user', c.req.header('x-test-user') ? { id: 'u', username: 'u', role: 'user' } : undefined);
      await next();
    })
    .get('/thing', cacheableGet, (c) => c.json({ hello: 'world' }, status as 200));
}

describe('cacheableGet', () => {
  it('sends a strong ETag and public revalidation to anonymous callers', async () => {
    const res = await appWith().request('/thing');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get('cache-control')).toBe(publicCacheControl);
    expect(res.headers.get('vary')).toContain('Authorization');
  });

  it('answers 304 with no body for a matching tag, also from a list or a weakened tag', async () => {
    const app = appWith();
    const etag = (await app.request('/thing')).headers.get('etag') as string;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await app.request('/thing', { headers: { 'If-None-Match': header } });
      expect(res.status, header).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
    }
  });

  it('marks answers to a signed-in caller private and no-store', async () => {
    const res = await appWith().request('/thing', { headers: { 'x-test-user': '1' } });
    expect(res.headers.get('cache-control')).toBe(privateCacheControl);
  });

  it('treats any Authorization header as personal, even when the route ignored it', async () => {
    const res = await appWith().request('/thing', { headers: { Authorization: 'Bearer x' } });
    expect(res.headers.get('cache-control')).toBe(privateCacheControl);
  });

  it('puts no ETag on a failure', async () => {
    const res = await appWith(404).request('/thing');
    expect(res.headers.get('etag')).toBeNull();
  });
});
