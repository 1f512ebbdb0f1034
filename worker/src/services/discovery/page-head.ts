import { cached } from '#worker/cache/cached';
import { publicContent, publicTtl } from '#worker/cache/public-content';
import { AppError } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { tagSlug } from '#worker/schemas/tag-slug';
import { authorFeedLink, tagFeedLink } from '../atom/post-feeds';
import { getPostBySlug, type PostView, readPreview } from '../posts';
import { previewPath } from '../posts/preview-links';
import { readerPaths, shownName } from '../reader-paths';
import { findTagBySlug } from '../tags/list-tags';
import { getProfile } from '../users/get-profile';
import type { PageHead } from './head-html';

/** What the server can say of a reader URL before the app runs: its head, or that it is gone or has moved. */
export type ReaderPage = { status: 200; head?: PageHead } | { status: 404 } | { status: 301; location: string };

type Lookup = (deps: Deps, name: string) => Promise<ReaderPage>;

/** A post's search and social text: its own SEO fields where set, else its title, excerpt and cover. */
function postHeadText(post: PostView) {
  const { seo } = post;
  const title = seo.metaTitle ?? post.title;
  return {
    title,
    description: seo.metaDescription ?? post.excerpt,
    image: seo.socialImage ? { url: seo.socialImage, alt: title } : (post.coverImage ?? undefined),
    canonicalUrl: seo.canonicalUrl ?? undefined,
  };
}

/** A draft behind its preview link: shown like the post it will be, but never indexed or cached. */
async function previewPage(deps: Deps, token: string): Promise<ReaderPage> {
  try {
    const { post } = await readPreview(deps, token);
    const { title, description } = postHeadText(post);
    return {
      status: 200,
      head: { title, description, canonicalPath: previewPath(token), type: 'article', noindex: true },
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return { status: 404 };
    throw error;
  }
}

async function postPage(deps: Deps, slug: string): Promise<ReaderPage> {
  const found = await getPostBySlug(deps, slug, undefined);
  if (found.kind === 'moved') return { status: 301, location: readerPaths.post(found.slug) };
  const { post } = found;
  const origin = deps.config.publicUrl;
  const authorUrl = `${origin}${readerPaths.profile(post.author.username)}`;
  const publishedAt = post.publishedAt ?? post.createdAt;
  const path = readerPaths.post(post.slug);
  const { title, description, image, canonicalUrl } = postHeadText(post);
  return {
    status: 200,
    head: {
      title,
      description,
      canonicalPath: path,
      canonicalUrl,
      type: 'article',
      image,
      structuredData: {
        '@type': 'BlogPosting',
        headline: title,
        description,
        url: canonicalUrl ?? `${origin}${path}`,
        datePublished: publishedAt,
        dateModified: post.updatedAt,
        author: { '@type': 'Person', name: shownName(post.author), url: authorUrl },
        keywords: post.tags,
      },
      properties: [
        ['article:published_time', publishedAt],
        ['article:modified_time', post.updatedAt],
        ['article:author', authorUrl],
        ...post.tags.map((tag) => ['article:tag', tag] as const),
      ],
      feed: authorFeedLink(deps.config.site.name, post.author),
    },
  };
}

async function profilePage(deps: Deps, username: string): Promise<ReaderPage> {
  const profile = await getProfile(deps.db, username);
  const name = shownName(profile);
  return {
    status: 200,
    head: {
      title: `${name} (@${profile.username})`,
      description: profile.bio || `Posts by ${name} on ${deps.config.site.name}`,
      canonicalPath: readerPaths.profile(profile.username),
      type: 'profile',
      image: profile.avatarUrl ? { url: profile.avatarUrl, alt: name } : undefined,
      properties: [['profile:username', profile.username]],
      feed: authorFeedLink(deps.config.site.name, profile),
    },
  };
}

async function tagPage(deps: Deps, name: string): Promise<ReaderPage> {
  const tag = await findTagBySlug(deps.db, tagSlug(name));
  return {
    status: 200,
    head: {
      title: `#${tag.name}`,
      description: `Posts tagged #${tag.name} on ${deps.config.site.name}`,
      canonicalPath: readerPaths.tag(tag.slug),
      type: 'website',
      feed: tagFeedLink(deps.config.site.name, tag),
    },
  };
}

const readerRoutes: readonly (readonly [pattern: RegExp, lookup: Lookup])[] = [
  [/^\/p\/([^/]+)$/, postPage],
  [/^\/@([^/]+)$/, profilePage],
  [/^\/t\/([^/]+)$/, tagPage],
];

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The reader page at `path` as an anonymous visitor finds it: a post, profile or tag with its head
 * (404 when there is none, or when it is a draft; 301 from a post's former slug), the home page with
 * the site's. Other app pages get no head of their own. From the public cache, like the API's reads.
 */
export async function readerPage(deps: Deps, path: string): Promise<ReaderPage> {
  if (path === '/') return { status: 200, head: { canonicalPath: '/', type: 'website' } };
  const previewToken = /^\/preview\/([A-Za-z0-9_-]+)$/.exec(path)?.[1];
  // Never from the cache: a revoked link must stop working at once.
  if (previewToken) return previewPage(deps, previewToken);
  for (const [pattern, lookup] of readerRoutes) {
    const segment = pattern.exec(path)?.[1];
    if (segment === undefined) continue;
    const name = decoded(segment);
    if (name === undefined) return { status: 404 };
    try {
      return await cached(deps, { key: `page:${path}`, dependsOn: [publicContent] }, publicTtl.post, () =>
        lookup(deps, name),
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return { status: 404 };
      throw error;
    }
  }
  return { status: 200 };
}
