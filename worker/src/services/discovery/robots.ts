/**
 * App pages a crawler has no business indexing: each shows only its signed-in owner's things (or a
 * sign-in prompt), and search results are an endless space of near-duplicates. The API stays open:
 * crawlers that render the app fetch a page's content from it.
 */
const privatePaths = ['/write', '/drafts', '/feed', '/notifications', '/settings', '/admin', '/search'];

/** robots.txt for the site at `origin`, pointing crawlers at its sitemap. */
export function robotsTxt(origin: string): string {
  return [
    'User-agent: *',
    ...privatePaths.map((path) => `Disallow: ${path}`),
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
}
