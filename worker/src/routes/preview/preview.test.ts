import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { postPreviewLinks } from '#db/schema';
import { describeOnEngines } from '#test/app-under-test';
import { createTestPost } from '#test/post-factories';

await describeOnEngines('draft preview links', { author: {}, reader: {}, admin: { role: 'admin' } }, (t) => {
  const { req } = t;

  async function linkFor(slug: string, as = t.author) {
    const res = await req('POST', `/api/posts/${slug}/preview-link`, as);
    expect(res.status).toBe(201);
    const { url, expiresAt } = await res.json();
    return { url: url as string, expiresAt: expiresAt as string, token: new URL(url).pathname.split('/').pop() ?? '' };
  }

  const open = (token: string) => req('GET', `/api/preview/${token}`);

  it('shows the draft to anyone with the secret link, marked as a preview, never cached or indexed', async () => {
    const draft = await createTestPost(t.app, t.author, { status: 'draft', title: 'Coming soon', body: '**bold**' });
    const link = await linkFor(draft.slug);
    expect(link.url).toMatch(/^http:\/\/localhost\/preview\/[A-Za-z0-9_-]{43}$/);
    const days = (new Date(link.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const res = await open(link.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const body = await res.json();
    expect(body).toMatchObject({ preview: true, post: { title: 'Coming soon', html: '<p><strong>bold</strong></p>' } });
    expect(body.post.likedByMe).toBeUndefined();
    expect((await req('GET', `/api/posts/${draft.slug}`)).status).toBe(404);
  });

  it('answers 404 to a wrong token', async () => {
    expect((await open('x'.repeat(43))).status).toBe(404);
    expect((await open('short')).status).toBe(404);
  });

  it('stops working when revoked or replaced by a new link', async () => {
    const draft = await createTestPost(t.app, t.author, { status: 'draft' });
    const first = await linkFor(draft.slug);
    const second = await linkFor(draft.slug);
    expect((await open(first.token)).status).toBe(404);
    expect((await open(second.token)).status).toBe(200);
    expect((await req('DELETE', `/api/posts/${draft.slug}/preview-link`, t.author)).status).toBe(204);
    expect((await open(second.token)).status).toBe(404);
  });

  it('stops working once expired (30 days at most)', async () => {
    const draft = await createTestPost(t.app, t.author, { status: 'draft' });
    const link = await linkFor(draft.slug);
    await t.db
      .update(postPreviewLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(postPreviewLinks.postId, draft.id));
    expect((await open(link.token)).status).toBe(404);
  });

  it('stops working once the post is published, and a published post gets none', async () => {
    const draft = await createTestPost(t.app, t.author, { status: 'draft' });
    const link = await linkFor(draft.slug);
    await req('PATCH', `/api/posts/${draft.slug}`, t.author, { status: 'published' });
    expect((await open(link.token)).status).toBe(404);
    const again = await req('POST', `/api/posts/${draft.slug}/preview-link`, t.author);
    expect(again.status).toBe(409);
  });

  it('lets only the author or an admin make or revoke a link', async () => {
    const draft = await createTestPost(t.app, t.author, { status: 'draft' });
    const published = await createTestPost(t.app, t.author);
    expect((await req('POST', `/api/posts/${draft.slug}/preview-link`, t.reader)).status).toBe(404);
    expect((await req('POST', `/api/posts/${published.slug}/preview-link`, t.reader)).status).toBe(403);
    expect((await req('POST', `/api/posts/${draft.slug}/preview-link`)).status).toBe(401);
    expect((await req('DELETE', `/api/posts/${draft.slug}/preview-link`, t.reader)).status).toBe(404);
    await linkFor(draft.slug, t.admin);
  });
});
