import { escapeMarkup } from '../content/markup-text';
import { readerPaths } from '../reader-paths';

/** What a reader page tells link previews and crawlers about itself, before any script runs. */
export interface PageHead {
  /** Without the site's name, which the document title adds; absent on the home page. */
  title?: string;
  /** Absent: the site's description. */
  description?: string;
  /** Path of the page's one URL (a post's current slug, a profile's username as stored). */
  canonicalPath: string;
  /** An absolute URL elsewhere that is the page's canonical one (a republished post's original). */
  canonicalUrl?: string;
  /** A page no search engine may index or follow (a draft's preview). */
  noindex?: boolean;
  type: 'website' | 'article' | 'profile';
  /** An http(s) URL or a path on the site. */
  image?: { url: string; alt: string };
  /** schema.org data about the page (a post's BlogPosting), which search engines show in results. */
  structuredData?: Record<string, unknown>;
  /** `property` meta beyond the common ones: article times, author, tags; a profile's username. */
  properties?: readonly (readonly [property: string, content: string])[];
  /**
   * The Atom feed of what the page lists, beside the site's own, for feed readers that run no
   * script; marked so that the app, whose pages name their own feeds, can drop it.
   */
  feed?: { title: string; path: string };
  /** For pages crawlers may follow but should not list: later pages of a list (`noindex, follow`). */
  robots?: string;
}

const meta = (attribute: 'name' | 'property', key: string, content: string) =>
  `<meta ${attribute}="${key}" content="${escapeMarkup(content)}" />`;

/**
 * A JSON-LD data block: never run, so the CSP allows it. Every `<` is escaped inside the JSON
 * strings, so no text a user wrote can close the element.
 */
const jsonLd = (data: Record<string, unknown>) =>
  `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', ...data }).replace(/</g, '\\u003c')}</script>`;

/** An absolute http(s) URL for `url` on `origin`; nothing for any other scheme. */
function absoluteHttpUrl(url: string, origin: string): string | undefined {
  try {
    const resolved = new URL(url, `${origin}/`);
    return resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}

/** The site a head is for: its public origin and what it calls itself (SITE_NAME, SITE_DESCRIPTION). */
export interface SiteHead {
  origin: string;
  name: string;
  description: string;
}

/** Link-preview and search tags of one page: canonical link, Open Graph, Twitter card, JSON-LD, its feed. */
function pageTags(head: PageHead, site: SiteHead, title: string, description: string): string[] {
  const url = head.canonicalUrl ?? `${site.origin}${head.canonicalPath}`;
  const image = head.image && absoluteHttpUrl(head.image.url, site.origin);
  return [
    ...(head.robots ? [meta('name', 'robots', head.robots)] : []),
    `<link rel="canonical" href="${escapeMarkup(url)}" />`,
    ...(head.noindex ? [meta('name', 'robots', 'noindex, nofollow')] : []),
    meta('property', 'og:site_name', site.name),
    meta('property', 'og:type', head.type),
    meta('property', 'og:title', title),
    meta('property', 'og:description', description),
    meta('property', 'og:url', url),
    ...(image ? [meta('property', 'og:image', image), meta('property', 'og:image:alt', head.image?.alt ?? '')] : []),
    ...(head.properties ?? []).map(([property, content]) => meta('property', property, content)),
    meta('name', 'twitter:card', image ? 'summary_large_image' : 'summary'),
    ...(head.structuredData ? [jsonLd({ ...head.structuredData, ...(image ? { image } : {}) })] : []),
    ...(head.feed
      ? [
          `<link rel="alternate" type="application/atom+xml" title="${escapeMarkup(head.feed.title)}" href="${escapeMarkup(head.feed.path)}" data-page-feed />`,
        ]
      : []),
  ];
}

/**
 * The head tags that name the site and, given a page's head, that page: description, application
 * name, `<title>`, the site's feed, then the page's own tags. Every value a user wrote is escaped.
 */
export function renderHead(head: PageHead | undefined, site: SiteHead): string {
  const title = head?.title ?? site.name;
  const description = head?.description || site.description;
  const lines = [
    meta('name', 'description', description),
    meta('name', 'application-name', site.name),
    `<title>${escapeMarkup(head?.title ? `${head.title} · ${site.name}` : site.name)}</title>`,
    `<link rel="alternate" type="application/atom+xml" title="${escapeMarkup(site.name)}" href="${readerPaths.siteFeed}" />`,
    ...(head ? pageTags(head, site, title, description) : []),
  ];
  return lines.join('\n    ');
}
