import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bearer, call, post } from './worker-client';

const available = inject('databaseUrl') !== '';

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

/** The headers a page of the app must carry wherever it is served from (security-headers.ts). */
function expectPageSecurityHeaders(res: Response) {
  const policy = res.headers.get('content-security-policy') ?? '';
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  // Browsers join the rooms on the realtime origin: the policy names it.
  expect(policy).toContain(`connect-src 'self' ${inject('realtimeUrl')}`);
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(res.headers.get('strict-transport-security')).toContain('max-age=');
}

describe.skipIf(!available)('app pages the Worker answers beside the reader pages', () => {
  // The first request loads the whole module graph through Vite, which takes seconds on a small machine.
  beforeAll(() => call('/api/health'), 120_000);

  it("answers sign-in, the editor and any other app page with the shell, the site's head and the app's security headers", async () => {
    for (const path of ['/login', '/write', '/settings']) {
      const res = await call(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expectPageSecurityHeaders(res);
      const html = await res.text();
      expect(html).toContain('<div id="root">');
      expect(titleOf(html)).toBe('Edgepress');
    }
  });

  it('passes a build file on from the assets with the security headers, and a missing one is a 404', async () => {
    const icon = await call('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await icon.text()).toContain('<svg');
    const missing = await call('/no-such-file.js');
    expect(missing.status).toBe(404);
  });

  it("serves a draft's preview link with its own noindex head, never cached, and 404 once revoked", async () => {
    const suffix = `${Date.now() % 1_000_000}${Math.floor(Math.random() * 1000)}`;
    const registered = await post('/api/auth/register', {
      email: `previewer.${suffix}@example.test`,
      username: `previewer_${suffix}`,
      password: 'a-long-unusual-passphrase',
    });
    const { accessToken } = await registered.json<{ accessToken: string }>();
    const created = await post(
      '/api/posts',
      { title: 'Secret edge draft', body: 'Not yet for readers.', status: 'draft' },
      bearer(accessToken),
    );
    const { post: draft } = await created.json<{ post: { slug: string } }>();
    const linked = await post(`/api/posts/${draft.slug}/preview-link`, {}, bearer(accessToken));
    expect(linked.status).toBe(201);
    const path = new URL((await linked.json<{ url: string }>()).url).pathname;
    expect(path).toMatch(/^\/preview\//);

    const res = await call(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(res.headers.get('x-edge-cache')).toBeNull();
    expectPageSecurityHeaders(res);
    const html = await res.text();
    expect(titleOf(html)).toBe('Secret edge draft · Edgepress');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"');

    const revoked = await call(`/api/posts/${draft.slug}/preview-link`, {
      method: 'DELETE',
      headers: bearer(accessToken),
    });
    expect(revoked.status).toBe(204);
    expect((await call(path)).status).toBe(404);
  });
});
