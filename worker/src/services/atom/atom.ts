import { xmlText } from '../content/markup-text';
import type { PostView } from '../posts';
import { readerPaths, shownName } from '../reader-paths';

export interface AtomFeed {
  /** The site's public origin, e.g. https://blog.example.com: ids, links and relative URLs in posts resolve against it. */
  origin: string;
  title: string;
  /** Path of this document, for rel="self". */
  selfPath: string;
  /** Path of the page the feed mirrors, for rel="alternate". */
  pagePath: string;
  posts: PostView[];
}

function entry(origin: string, post: PostView): string {
  const author = shownName(post.author);
  const categories = post.tags.map((tag) => `<category term="${xmlText(tag)}"/>`).join('');
  return [
    '<entry>',
    `<id>urn:uuid:${post.id}</id>`,
    `<title type="text">${xmlText(post.title)}</title>`,
    `<link rel="alternate" type="text/html" href="${xmlText(`${origin}${readerPaths.post(post.slug)}`)}"/>`,
    `<published>${post.publishedAt ?? post.createdAt}</published>`,
    `<updated>${post.updatedAt}</updated>`,
    `<author><name>${xmlText(author)}</name><uri>${xmlText(`${origin}${readerPaths.profile(post.author.username)}`)}</uri></author>`,
    categories,
    `<summary type="text">${xmlText(post.seo.metaDescription ?? post.excerpt)}</summary>`,
    // Already sanitized on write; escaped here, as Atom's type="html" requires.
    `<content type="html">${xmlText(post.html)}</content>`,
    '</entry>',
  ].join('');
}

/**
 * An Atom 1.0 document (RFC 4287) of posts, newest first as given. `xml:base` lets readers resolve
 * the relative links in post HTML (media, other posts) against the site.
 */
export function renderAtom(feed: AtomFeed): string {
  const { origin, posts } = feed;
  const updated = posts.reduce((latest, post) => (post.updatedAt > latest ? post.updatedAt : latest), '');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${xmlText(`${origin}/`)}">`,
    `<id>${xmlText(`${origin}${feed.selfPath}`)}</id>`,
    `<title type="text">${xmlText(feed.title)}</title>`,
    `<updated>${updated || new Date(0).toISOString()}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(`${origin}${feed.selfPath}`)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(`${origin}${feed.pagePath}`)}"/>`,
    '<generator>Edgepress</generator>',
    ...posts.map((post) => entry(origin, post)),
    '</feed>',
    '',
  ].join('\n');
}
