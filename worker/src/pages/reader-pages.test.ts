import { JSDOM } from 'jsdom';
import { expect, it } from 'vitest';
import { describeOnEngines } from '#test/app-under-test';
import { testConfig } from '#test/deps';
import { createTestPost, postsApp } from '#test/post-factories';
import { createApp } from '../app';
import { diskWebBuild } from '../server/disk-web-build';
import { webApp } from '../server/static-web';
import { orientedJpeg } from '../services/media/fixtures/build-images';
import { pageCacheControl } from './reader-pages';

// The real build (vitest.config.ts makes it before any suite runs).
const webDist = 'web/dist';
const webBuild = diskWebBuild(webDist);
const defaultTitle = 'Edgepress';

await describeOnEngines(
  'reader pages served with their own head',
  { author: { username: 'head_author', displayName: 'Ada "Quotes" Writer', bio: 'Writes <b>bold</b> things.' } },
  (t) => {
    const page = async (path: string) => {
      const res = await t.req('GET', path);
      const html = await res.text();
      const doc = new JSDOM(html).window.document;
      const meta = (key: string) =>
        doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content') ?? undefined;
      const metas = (key: string) =>
        [...doc.querySelectorAll(`meta[property="${key}"]`)].map((m) => m.getAttribute('content'));
      const link = (rel: string) => [...doc.querySelectorAll(`link[rel="${rel}"]`)].map((l) => l.getAttribute('href'));
      const root = doc.getElementById('root');
      const data = JSON.parse(doc.getElementById('app-data')?.textContent ?? 'null');
      return { res, html, doc, title: doc.title, meta, metas, link, root, data };
    };

    it('gives a post page its title, description, canonical URL and link-preview tags', async () => {
      const post = await createTestPost(t.app, t.author, {
        title: 'Previewed post',
        body: 'The first paragraph readers see in a preview.',
        tags: ['Previews'],
        coverImage: { url: '/media/0123456789abcdef.png', alt: 'A cover' },
      });
      const p = await page(`/p/${post.slug}`);
      expect(p.res.status).toBe(200);
      expect(p.res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(p.res.headers.get('cache-control')).toBe(pageCacheControl);
      expect(p.title).toBe('Previewed post · Edgepress');
      expect(p.meta('description')).toBe(post.excerpt);
      expect(p.link('canonical')).toEqual([`http://localhost/p/${post.slug}`]);
      expect(p.meta('og:type')).toBe('article');
      expect(p.meta('og:title')).toBe('Previewed post');
      expect(p.meta('og:url')).toBe(`http://localhost/p/${post.slug}`);
      expect(p.meta('og:image')).toBe('http://localhost/media/0123456789abcdef.png');
      expect(p.meta('og:image:alt')).toBe('A cover');
      expect(p.meta('twitter:card')).toBe('summary_large_image');
      expect(p.meta('article:published_time')).toBe(post.publishedAt);
      expect(p.meta('article:author')).toBe('http://localhost/@head_author');
      expect(p.metas('article:tag')).toEqual(['Previews']);
      const data = JSON.parse(p.doc.querySelector('script[type="application/ld+json"]')?.textContent ?? '');
      expect(data).toEqual({
        '@context': 'https://schema.org',
        '@type': 'BlogPosting',
        headline: 'Previewed post',
        description: post.excerpt,
        url: `http://localhost/p/${post.slug}`,
        datePublished: post.publishedAt,
        dateModified: post.updatedAt,
        author: { '@type': 'Person', name: 'Ada "Quotes" Writer', url: 'http://localhost/@head_author' },
        keywords: ['Previews'],
        image: 'http://localhost/media/0123456789abcdef.png',
      });
      expect(p.link('alternate')).toContain('/api/atom/users/head_author');
      expect(p.doc.querySelector('link[data-page-feed]')?.getAttribute('href')).toBe('/api/atom/users/head_author');
      // Still the app: one description, its root and its script.
      expect(p.doc.querySelectorAll('meta[name="description"]')).toHaveLength(1);
      expect(p.root).not.toBeNull();
      expect(p.doc.querySelectorAll('script[type="module"]')).toHaveLength(1);
    });

    it('keeps what users wrote as text in the head: no markup of theirs becomes an element', async () => {
      const nasty = '"><script>alert(1)</script><meta http-equiv="refresh" content="0;url=//evil">';
      const post = await createTestPost(t.app, t.author, {
        title: nasty,
        body: `</title><script>alert(2)</script> & 'quotes'`,
      });
      const p = await page(`/p/${post.slug}`);
      expect(p.title).toBe(`${nasty} · Edgepress`);
      expect(p.meta('og:title')).toBe(nasty);
      expect(p.doc.querySelectorAll('script:not([type^="application/"])')).toHaveLength(1);
      expect(p.doc.querySelectorAll('script[type="application/ld+json"]')).toHaveLength(1);
      expect(p.html).not.toContain('</title><script>');
      expect(JSON.parse(p.doc.querySelector('script[type="application/ld+json"]')?.textContent ?? '')).toMatchObject({
        headline: nasty,
        description: post.excerpt,
      });
      expect(p.doc.querySelectorAll('meta[http-equiv]')).toHaveLength(0);
      const profile = await page('/@head_author');
      expect(profile.meta('og:title')).toBe('Ada "Quotes" Writer (@head_author)');
      expect(profile.meta('description')).toBe('Writes <b>bold</b> things.');
      expect(profile.doc.querySelectorAll('b, script:not([type="module"], [type="application/json"])')).toHaveLength(0);
    });

    it('answers 404 for a post nobody may read yet or at all, with the app and no post in the head', async () => {
      const draft = await createTestPost(t.app, t.author, { title: 'Secret draft', status: 'draft' });
      const later = await createTestPost(t.app, t.author, {
        title: 'Secret schedule',
        status: 'scheduled',
        publishAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      for (const path of [`/p/${draft.slug}`, `/p/${later.slug}`, '/p/no-such-post', '/p/%E0%A4%A']) {
        const p = await page(path);
        expect(p.res.status, path).toBe(404);
        expect(p.title).toBe(defaultTitle);
        expect(p.html).not.toContain('Secret');
        // Readers without script are told what happened, inside the site's header and footer.
        expect(p.root?.querySelector('h1')?.textContent).toBe('Page not found');
        expect(p.root?.querySelector('main a[href="/"]')?.textContent).toBe('Back to the home page');
        expect(p.root?.querySelector('.site-header .brand')?.textContent).toBe(defaultTitle);
        // No query cache: the browser renders the page itself rather than resuming a missing post.
        expect(p.doc.getElementById('app-data')).toBeNull();
      }
    });

    it('moves a former slug to the current one with a permanent redirect, keeping the query', async () => {
      const post = await createTestPost(t.app, t.author, { title: 'Before the rename' });
      const renamed = await t.req('PATCH', `/api/posts/${post.slug}`, t.author, { slug: `${post.slug}-renamed` });
      const newSlug = (await renamed.json()).post.slug as string;
      expect(newSlug).not.toBe(post.slug);
      const res = await t.req('GET', `/p/${post.slug}`);
      expect(res.status).toBe(301);
      expect(res.headers.get('location')).toBe(`/p/${newSlug}`);
      const shared = await t.req('GET', `/p/${post.slug}?ref=newsletter`);
      expect(shared.headers.get('location')).toBe(`/p/${newSlug}?ref=newsletter`);
    });

    it('gives profiles and tags their own head and feed, and 404 to names nobody has', async () => {
      await createTestPost(t.app, t.author, { title: 'Tagged page', tags: ['Head Tag'] });
      const profile = await page('/@head_author');
      expect(profile.res.status).toBe(200);
      expect(profile.title).toBe('Ada "Quotes" Writer (@head_author) · Edgepress');
      expect(profile.meta('og:type')).toBe('profile');
      expect(profile.meta('profile:username')).toBe('head_author');
      expect(profile.link('canonical')).toEqual(['http://localhost/@head_author']);
      const tag = await page('/t/Head-Tag');
      expect(tag.res.status).toBe(200);
      expect(tag.title).toBe('#Head Tag · Edgepress');
      expect(tag.link('canonical')).toEqual(['http://localhost/t/head-tag']);
      expect(tag.link('alternate').sort()).toEqual(['/api/atom/posts', '/api/atom/tags/head-tag']);
      expect((await page('/@nobody_here')).res.status).toBe(404);
      expect((await page('/t/no-such-tag')).res.status).toBe(404);
    });

    it('serves the home page with the site’s head and other app pages with the build’s own', async () => {
      const home = await page('/');
      expect(home.res.status).toBe(200);
      expect(home.title).toBe(defaultTitle);
      expect(home.link('canonical')).toEqual(['http://localhost/']);
      expect(home.meta('og:type')).toBe('website');
      expect(home.meta('og:description')).toBe(home.meta('description'));
      // A phone's home screen and tab strip find the site's icon and manifest.
      expect(home.link('icon')).toEqual(['/favicon.svg']);
      expect(home.link('manifest')).toEqual(['/manifest.webmanifest']);
      const manifest = await t.req('GET', '/manifest.webmanifest');
      expect(manifest.status).toBe(200);
      expect(JSON.parse(await manifest.text())).toMatchObject({ start_url: '/', icons: [{ src: '/favicon.svg' }] });
      expect((await t.req('GET', '/favicon.svg')).headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      const settings = await page('/settings');
      expect(settings.res.status).toBe(200);
      expect(settings.link('canonical')).toEqual([]);
      expect(settings.title).toBe(defaultTitle);
      expect(settings.root?.childElementCount).toBe(0);
    });

    it('still serves the app, with the build’s head, when the database cannot be reached', async () => {
      const unreachable = new Proxy(t.db, {
        get() {
          throw new Error('database unreachable');
        },
      });
      const captured: unknown[] = [];
      const { app } = await postsApp(t.db, {
        db: unreachable,
        webBuild,
        errorReporter: { capture: (error) => captured.push(error) },
      });
      const res = await app.request('/p/any-post');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(new JSDOM(html).window.document.title).toBe(defaultTitle);
      expect(html).not.toContain('database unreachable');
      expect(captured).toHaveLength(1);
    });

    it('names the site as configured in every head, feed title and link preview', async () => {
      const site = { name: 'Notes from the Hill', description: 'Walks & "talks".' };
      const { deps } = await postsApp(t.db, { config: { ...testConfig, site }, webBuild });
      const app = createApp(deps, { web: webApp(webDist, deps.logger) });
      const post = await createTestPost(app, t.author, { title: 'Named site post' });
      const load = async (path: string) => new JSDOM(await (await app.request(path)).text()).window.document;
      const home = await load('/');
      expect(home.title).toBe('Notes from the Hill');
      expect(home.querySelector('meta[name="application-name"]')?.getAttribute('content')).toBe(site.name);
      expect(home.querySelector('meta[name="description"]')?.getAttribute('content')).toBe(site.description);
      expect(home.querySelector('link[rel="alternate"]')?.getAttribute('title')).toBe(site.name);
      const postPage = await load(`/p/${post.slug}`);
      expect(postPage.title).toBe('Named site post · Notes from the Hill');
      expect(postPage.querySelector('meta[property="og:site_name"]')?.getAttribute('content')).toBe(site.name);
      expect(postPage.querySelector('.brand')?.textContent).toBe(site.name);
      const settings = await load('/settings');
      expect(settings.title).toBe('Notes from the Hill');
      const feed = await (await app.request('/api/atom/posts')).text();
      expect(feed).toContain('<title type="text">Notes from the Hill</title>');
    });

    it('renders the whole article, its cover, author, tags, counts and first comments for readers without script', async () => {
      const post = await createTestPost(t.app, t.author, {
        title: 'Rendered article',
        body: 'First paragraph.\n\n```js\nconst answer = 42;\n```\n\nThe very last words of the article.',
        tags: ['Rendering'],
        coverImage: { url: '/media/0123456789abcdef.png', alt: 'A rendered cover' },
      });
      await t.req('POST', `/api/posts/${post.slug}/comments`, t.author, { body: 'A comment rendered on the server' });
      const p = await page(`/p/${post.slug}`);
      const text = p.root?.textContent ?? '';
      expect(text).toContain('The very last words of the article.');
      expect(p.root?.querySelector('pre code')?.textContent).toContain('const answer = 42;');
      expect(p.root?.querySelector('h1')?.textContent).toBe('Rendered article');
      const cover = p.root?.querySelector('img.cover');
      expect(cover?.getAttribute('alt')).toBe('A rendered cover');
      // The largest paint: fetched first.
      expect(cover?.getAttribute('fetchpriority')).toBe('high');
      expect(text).toContain('Ada "Quotes" Writer');
      expect(text).toContain('#Rendering');
      expect(text).toContain('A comment rendered on the server');
      expect(text).toContain('Comments (1)');
      // The browser resumes from the same data, so it asks the API for nothing on load.
      const keys = p.data.queries.map((q: { queryKey: unknown[] }) => q.queryKey[0]);
      expect(keys).toEqual(expect.arrayContaining(['post', 'comments']));
    });

    it('colours code on the server, cuts descriptions from prose, and sizes the site’s own images', async () => {
      const form = new FormData();
      const photo = (await orientedJpeg(1, 1200, 630)) as Uint8Array<ArrayBuffer>;
      form.append('file', new File([photo], 'c.jpg', { type: 'image/jpeg' }));
      // Encoded here, so the same bytes reach every engine (workerd's is another process).
      const multipart = new Request('http://encode.test', { method: 'POST', body: form });
      const uploaded = await t.app.request('/api/media', {
        method: 'POST',
        body: await multipart.arrayBuffer(),
        headers: { ...t.author.headers, 'Content-Type': multipart.headers.get('content-type') ?? '' },
      });
      expect(uploaded.status).toBe(201);
      const image = (await uploaded.json()).media as { url: string; width: number; height: number };
      const post = await createTestPost(t.app, t.author, {
        title: 'Code and pictures',
        body: [
          '```ts',
          'export const answer: number = 42;',
          '```',
          '',
          'Plain **prose** opens the description.',
          '',
          `![An uploaded picture](${image.url})`,
          '',
          '![Elsewhere](https://images.example/far.png)',
        ].join('\n'),
        coverImage: { url: image.url, alt: 'An uploaded cover' },
      });
      const p = await page(`/p/${post.slug}`);
      const code = p.root?.querySelector('pre code.language-ts');
      expect(code?.querySelector('.hljs-keyword')?.textContent).toBe('export');
      expect(code?.textContent).toBe('export const answer: number = 42;\n');
      expect(p.meta('description')).toBe('Plain prose opens the description.');
      expect(p.meta('og:description')).toBe('Plain prose opens the description.');
      // The cover is the largest paint: sized from the stored upload and fetched first.
      const cover = p.root?.querySelector('img.cover');
      expect(cover?.getAttribute('fetchpriority')).toBe('high');
      expect(cover?.getAttribute('loading')).toBeNull();
      expect(Number(cover?.getAttribute('width')) / Number(cover?.getAttribute('height'))).toBeCloseTo(1200 / 630, 2);
      const [own, external] = [...(p.root?.querySelectorAll('.prose img') ?? [])];
      expect(own?.getAttribute('alt')).toBe('An uploaded picture');
      expect(Number(own?.getAttribute('width')) / Number(own?.getAttribute('height'))).toBeCloseTo(1200 / 630, 2);
      expect(own?.getAttribute('loading')).toBe('lazy');
      // Pictures from elsewhere have no stored size; they still wait until they are near.
      expect(external?.getAttribute('width')).toBeNull();
      expect(external?.getAttribute('loading')).toBe('lazy');
      // Lists show the same prose excerpt, never the code.
      const home = await page('/');
      const card = [...(home.root?.querySelectorAll('.post-card') ?? [])].find((c) =>
        c.textContent?.includes('Code and pictures'),
      );
      expect(card?.querySelector('.excerpt')?.textContent).toBe('Plain prose opens the description.');
    });

    it('answers a repeated request with 304 and gives every signed-out reader the same bytes', async () => {
      const post = await createTestPost(t.app, t.author, { title: 'Validated page' });
      const first = await t.req('GET', `/p/${post.slug}`);
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      const again = await t.req('GET', `/p/${post.slug}`);
      expect(await again.text()).toBe(await first.text());
      const revalidated = await t.req('GET', `/p/${post.slug}`, undefined, undefined, { 'If-None-Match': `W/${etag}` });
      expect(revalidated.status).toBe(304);
      expect(await revalidated.text()).toBe('');
    });

    it('pages through lists with real ?cursor= links that crawlers follow but do not index', async () => {
      for (let i = 0; i < 21; i += 1)
        await createTestPost(t.app, t.author, { title: `Paged post ${i}`, tags: ['Paged'] });
      const tag = await page('/t/paged');
      expect(tag.root?.querySelectorAll('.post-list .post-card-title').length).toBe(20);
      expect(tag.meta('robots')).toBeUndefined();
      const next = tag.root?.querySelector<HTMLAnchorElement>('.sentinel a')?.getAttribute('href') ?? '';
      expect(next).toMatch(/^\/t\/paged\?cursor=/);
      const second = await page(next);
      expect(second.res.status).toBe(200);
      expect(second.root?.textContent).toContain('Paged post 0');
      expect(second.root?.textContent).not.toContain('Paged post 20');
      expect(second.meta('robots')).toBe('noindex, follow');
      expect(second.link('canonical')).toEqual(['http://localhost/t/paged']);
      const home = await page('/');
      expect(home.root?.querySelector('.sentinel a')?.getAttribute('href')).toMatch(/^\/\?cursor=/);
    });

    it('renders search results, kept out of indexes', async () => {
      await createTestPost(t.app, t.author, { title: 'Searchable zebra crossing' });
      const search = await page('/search?q=zebra');
      expect(search.res.status).toBe(200);
      expect(search.root?.textContent).toContain('Searchable zebra crossing');
      expect(search.meta('robots')).toBe('noindex, follow');
      expect(search.title).toBe('Search: zebra · Edgepress');
    });
  },
  { web: webDist },
);
