import { xmlText } from '../content/markup-text';

export interface SitemapUrl {
  /** Path on the site, e.g. /p/hello. */
  path: string;
  lastModified?: Date;
}

const namespace = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const lastmod = (at?: Date) => (at ? `<lastmod>${at.toISOString()}</lastmod>` : '');

/** A sitemap (sitemaps.org 0.9) of absolute URLs on `origin`. */
export function renderUrlSet(origin: string, urls: readonly SitemapUrl[]): string {
  const entries = urls.map(
    (url) => `<url><loc>${xmlText(`${origin}${url.path}`)}</loc>${lastmod(url.lastModified)}</url>`,
  );
  return ['<?xml version="1.0" encoding="utf-8"?>', `<urlset xmlns="${namespace}">`, ...entries, '</urlset>', ''].join(
    '\n',
  );
}

/** A sitemap index pointing at the sitemaps at `paths` on `origin`. */
export function renderSitemapIndex(origin: string, paths: readonly string[]): string {
  const entries = paths.map((path) => `<sitemap><loc>${xmlText(`${origin}${path}`)}</loc></sitemap>`);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<sitemapindex xmlns="${namespace}">`,
    ...entries,
    '</sitemapindex>',
    '',
  ].join('\n');
}
