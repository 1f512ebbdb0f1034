import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { describeOnEngines } from '#test/app-under-test';
import { createTestPost } from '#test/post-factories';

// The real build (vitest.config.ts makes it before any suite runs): reader pages render from it.
const webDist = 'web/dist';

await describeOnEngines(
  'per-post SEO and draft previews in the page head',
  { author: { username: 'seo_author' } },
  (t) => {
    const page = async (path: string) => {
      const res = await t.req('GET', path);
      const doc = new JSDOM(await res.text()).window.document;
      const meta = (key: string) =>
        doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content') ?? undefined;
      const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
      return { res, doc, meta, canonical };
    };

    const seo = {
      metaTitle: 'Search title',
      metaDescription: 'What search results and previews say.',
      socialImage: 'https://cdn.example.com/card.png',
      canonicalUrl: 'https://original.example.com/first-post',
    };

    describe('SEO fields', () => {
      it('uses a post’s meta title, description, social image and canonical URL in its head', async () => {
        const post = await createTestPost(t.app, t.author, { title: 'Real title', body: 'Body text.', seo });
        expect(post.seo).toEqual(seo);
        const p = await page(`/p/${post.slug}`);
        expect(p.doc.title).toBe('Search title · Edgepress');
        expect(p.meta('description')).toBe(seo.metaDescription);
        expect(p.meta('og:title')).toBe('Search title');
        expect(p.meta('og:description')).toBe(seo.metaDescription);
        expect(p.meta('og:image')).toBe(seo.socialImage);
        expect(p.canonical).toBe(seo.canonicalUrl);
        expect(p.meta('og:url')).toBe(seo.canonicalUrl);
        expect(p.meta('robots')).toBeUndefined();
      });

      it('keeps today’s defaults when the fields are empty, and clears them with null or ""', async () => {
        const post = await createTestPost(t.app, t.author, { title: 'Plain', body: 'Plain body.', seo });
        const res = await t.req('PATCH', `/api/posts/${post.slug}`, t.author, {
          seo: { metaTitle: '', metaDescription: null, socialImage: null, canonicalUrl: null },
        });
        expect((await res.json()).post.seo).toEqual({
          metaTitle: null,
          metaDescription: null,
          socialImage: null,
          canonicalUrl: null,
        });
        const p = await page(`/p/${post.slug}`);
        expect(p.doc.title).toBe('Plain · Edgepress');
        expect(p.meta('description')).toBe('Plain body.');
        expect(p.canonical).toBe(`http://localhost/p/${post.slug}`);
      });

      it('leaves fields it is not given untouched', async () => {
        const post = await createTestPost(t.app, t.author, { seo });
        const res = await t.req('PATCH', `/api/posts/${post.slug}`, t.author, { seo: { metaTitle: 'Only this' } });
        expect((await res.json()).post.seo).toEqual({ ...seo, metaTitle: 'Only this' });
      });

      it('puts the meta description in the feed summary', async () => {
        await createTestPost(t.app, t.author, { title: 'Fed', body: 'The excerpt.', seo });
        const feed = await (await t.req('GET', '/api/atom/users/seo_author')).text();
        expect(feed).toContain(`<summary type="text">${seo.metaDescription}</summary>`);
      });

      it.each([
        ['canonicalUrl', 'javascript:alert(1)'],
        ['canonicalUrl', '/relative'],
        ['socialImage', 'data:image/png;base64,AAAA'],
        ['metaTitle', 'x'.repeat(121)],
      ])('refuses %s = %s with 422', async (field, value) => {
        const res = await t.req('POST', '/api/posts', t.author, { title: 't', body: '', seo: { [field]: value } });
        expect(res.status).toBe(422);
        expect(Object.keys((await res.json()).error.details)).toEqual([`seo.${field}`]);
      });
    });

    describe('preview page', () => {
      it('serves a draft’s preview page marked noindex, and 404 once the link is revoked', async () => {
        const draft = await createTestPost(t.app, t.author, { status: 'draft', title: 'Secret draft' });
        const link = await (await t.req('POST', `/api/posts/${draft.slug}/preview-link`, t.author)).json();
        const path = new URL(link.url).pathname;
        const p = await page(path);
        expect(p.res.status).toBe(200);
        expect(p.res.headers.get('x-robots-tag')).toBe('noindex, nofollow');
        expect(p.meta('robots')).toBe('noindex, nofollow');
        expect(p.doc.title).toBe('Secret draft · Edgepress');
        await t.req('DELETE', `/api/posts/${draft.slug}/preview-link`, t.author);
        expect((await page(path)).res.status).toBe(404);
      });
    });
  },
  { web: webDist },
);
