import { type PageHead, renderHead, type SiteHead } from '../services/discovery/head-html';

export interface WebShell {
  /** index.html with the site's head, and `head`'s when the page has one. */
  render(head: PageHead | undefined, site: SiteHead): string;
}

/** The build's own tags that name the site; the rendered head replaces them. */
const siteTags = [
  /\s*<meta name="description"[^>]*>/,
  /\s*<meta name="application-name"[^>]*>/,
  /\s*<link rel="alternate"[^>]*href="\/api\/atom\/posts"[^>]*>/,
];
const titleElement = /<title>[^<]*<\/title>/;

/**
 * The built index.html, cut once around its `<title>` (the build's other site tags taken out), so
 * each answer carries the configured site name and each reader page its own head, without parsing
 * HTML per request. Undefined for an index.html without a title: nothing to put a head in.
 */
export function webShell(indexHtml: string): WebShell | undefined {
  const withoutSiteTags = siteTags.reduce((html, tag) => html.replace(tag, ''), indexHtml);
  const title = titleElement.exec(withoutSiteTags);
  if (!title) return undefined;
  const before = withoutSiteTags.slice(0, title.index);
  const after = withoutSiteTags.slice(title.index + title[0].length);
  return { render: (head, site) => before + renderHead(head, site) + after };
}
