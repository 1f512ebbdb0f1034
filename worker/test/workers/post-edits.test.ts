import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bearer, call, type ErrorBody, post } from './worker-client';

const available = inject('databaseUrl') !== '';

describe.skipIf(!available)('conditional post edits inside workerd (If-Match with the post ETag)', () => {
  let token: string;

  beforeAll(async () => {
    await call('/api/health');
    const suffix = Date.now() % 1_000_000;
    const res = await post('/api/auth/register', {
      email: `edits.${suffix}@example.test`,
      username: `edits_${suffix}`,
      password: 'a-long-unusual-passphrase',
    });
    token = (await res.json<{ accessToken: string }>()).accessToken;
  }, 120_000);

  const patch = (slug: string, body: unknown, ifMatch: string) =>
    call(`/api/posts/${slug}`, {
      method: 'PATCH',
      headers: { ...bearer(token), 'Content-Type': 'application/json', 'If-Match': ifMatch },
      body: JSON.stringify(body),
    });

  it('lets an edit from the current ETag through and answers 409 (stale) or 400 (malformed) otherwise', async () => {
    const created = await post('/api/posts', { title: 'Edited at the edge', body: 'first' }, bearer(token));
    expect(created.status).toBe(201);
    const { slug } = (await created.json<{ post: { slug: string } }>()).post;
    const etag = (await call(`/api/posts/${slug}`, { headers: bearer(token) })).headers.get('etag') ?? '';
    expect(etag).toMatch(/^"v1-[0-9a-f]{32}"$/);

    const first = await patch(slug, { body: 'second' }, etag);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toMatch(/^"v2-[0-9a-f]{32}"$/);
    const stale = await patch(slug, { body: 'from an old tab' }, etag);
    expect(stale.status).toBe(409);
    const { error } = await stale.json<ErrorBody>();
    expect(error.code).toBe('conflict');
    expect(error.details?.post).toMatchObject({ body: 'second', version: 2 });
    const malformed = await patch(slug, { body: 'x' }, 'v2');
    expect(malformed.status).toBe(400);
    expect((await malformed.json<ErrorBody>()).error.message).toContain('If-Match');
  });
});
