import { JSDOM } from 'jsdom';
import { expect, it } from 'vitest';
import { describeOnEngines } from '#test/app-under-test';
import { createTestPost } from '#test/post-factories';
import { sitemapFile, sitemapIndex } from '#worker/services/discovery/sitemap';

const sitemapNs = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** Parses like a crawler would: malformed XML throws. */
function locations(xml: string) {
  const doc = new JSDOM(xml, { contentType: 'application/xml' }).window.document;
  const entries = [...doc.documentElement.children].map((entry) => ({
    loc: entry.getElementsByTagNameNS(sitemapNs, 'loc')[0]?.textContent ?? '',
    lastmod: entry.getElementsByTagNameNS(sitemapNs, 'lastmod')[0]?.textContent ?? undefined,
  }));
  return { root: doc.documentElement.localName, namespace: doc.documentElement.namespaceURI, entries };
}

await describeOnEngines('robots.txt and sitemaps', { author: { username: 'sitemap_author' }, quiet: {} }, (t) => {
  const xml = async (path: string) => {
    const res = await t.req('GET', path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    return locations(await res.text());
  };
  const urlsOf = async (section: string) => {
    const index = await xml('/sitemap.xml');
    const files = index.entries.map((e) => e.loc).filter((loc) => loc.includes(`/sitemaps/${section}-`));
    const sets = await Promise.all(files.map((file) => xml(new URL(file).pathname)));
    return sets.flatMap((set) => set.entries);
  };

  it('tells crawlers where the sitemap is and keeps them out of private pages, not the API pages render from', async () => {
    const res = await t.req('GET', '/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = (await res.text()).split('\n');
    expect(lines).toContain('User-agent: *');
    expect(lines).toContain('Sitemap: http://localhost/sitemap.xml');
    for (const path of ['/write', '/drafts', '/settings', '/admin', '/notifications']) {
      expect(lines).toContain(`Disallow: ${path}`);
    }
    expect(lines.filter((line) => line.startsWith('Disallow: /api'))).toEqual([]);
  });

  it('lists every live post with its last change, never drafts or posts not yet due', async () => {
    const live = await createTestPost(t.app, t.author, { title: 'Mapped post' });
    const draft = await createTestPost(t.app, t.author, { title: 'Unmapped draft', status: 'draft' });
    const later = await createTestPost(t.app, t.author, {
      title: 'Unmapped until later',
      status: 'scheduled',
      publishAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const index = await xml('/sitemap.xml');
    expect(index).toMatchObject({ root: 'sitemapindex', namespace: sitemapNs });
    expect(index.entries.map((e) => e.loc)).toEqual(
      expect.arrayContaining(['http://localhost/sitemaps/site.xml', 'http://localhost/sitemaps/posts-1.xml']),
    );
    const urls = await urlsOf('posts');
    const mapped = urls.find((u) => u.loc === `http://localhost/p/${live.slug}`);
    expect(mapped?.lastmod).toBe(live.updatedAt);
    const locs = urls.map((u) => u.loc);
    expect(locs).not.toContain(`http://localhost/p/${draft.slug}`);
    expect(locs).not.toContain(`http://localhost/p/${later.slug}`);
    const site = await xml('/sitemaps/site.xml');
    expect(site).toMatchObject({ root: 'urlset', entries: [{ loc: 'http://localhost/' }] });
  });

  it('lists the tags and authors that have live posts, and nobody else', async () => {
    await createTestPost(t.app, t.author, { title: 'Tagged for the map', tags: ['Mapping', 'Café Society'] });
    await createTestPost(t.app, t.quiet, { title: 'Only a draft', status: 'draft', tags: ['Hidden tag'] });
    const tags = (await urlsOf('tags')).map((u) => u.loc);
    expect(tags).toEqual(
      expect.arrayContaining(['http://localhost/t/mapping', 'http://localhost/t/caf%C3%A9-society']),
    );
    expect(tags).not.toContain('http://localhost/t/hidden-tag');
    const authors = await urlsOf('authors');
    expect(authors.map((u) => u.loc)).toContain('http://localhost/@sitemap_author');
    expect(authors.map((u) => u.loc)).not.toContain(`http://localhost/@${t.quiet.user.username}`);
    expect(authors.every((u) => u.lastmod && !Number.isNaN(Date.parse(u.lastmod)))).toBe(true);
  });

  it('splits a large site into files of a fixed size, oldest posts first, so earlier files stay put', async () => {
    const before = (await urlsOf('posts')).length;
    const extra = [];
    for (let i = 0; i < 3; i++) extra.push(await createTestPost(t.app, t.author, { title: `Split ${i}` }));
    const total = before + 3;
    const fileSize = 2;
    const index = locations(await sitemapIndex(t.deps, fileSize));
    const postFiles = index.entries.map((e) => e.loc).filter((loc) => loc.includes('/sitemaps/posts-'));
    expect(postFiles).toHaveLength(Math.ceil(total / fileSize));
    const last = locations(await sitemapFile(t.deps, `posts-${postFiles.length}.xml`, fileSize)).entries;
    expect(last.at(-1)?.loc).toBe(`http://localhost/p/${extra[2]?.slug}`);
    await expect(sitemapFile(t.deps, `posts-${postFiles.length + 1}.xml`, fileSize)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('answers 404 JSON for a sitemap file nobody listed', async () => {
    for (const name of ['posts-0.xml', 'posts-999.xml', 'nope.xml', 'posts-1.json', '..%2Fsitemap.xml']) {
      const res = await t.req('GET', `/sitemaps/${name}`);
      expect(res.status, name).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it('serves sitemaps as cacheable data: ETag and 304, and a policy that allows nothing', async () => {
    const first = await t.req('GET', '/sitemap.xml');
    const etag = first.headers.get('etag') as string;
    expect(first.headers.get('cache-control')).toContain('public');
    expect(first.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const again = await t.req('GET', '/sitemap.xml', undefined, undefined, { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });
});
