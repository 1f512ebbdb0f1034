import type { Deps } from '#worker/ports';
import { listPosts } from '../posts';
import type { PostFilter } from '../posts/list-posts';
import { readerPaths, shownName } from '../reader-paths';
import { findTagBySlug } from '../tags/list-tags';
import { getProfile } from '../users/get-profile';
import { renderAtom } from './atom';

/** Entries per feed: what readers poll for, not an archive. */
export const atomFeedSize = 20;

async function render(deps: Deps, filter: PostFilter, feed: FeedLink, pagePath: string) {
  const page = await listPosts(deps, undefined, filter, 'latest', { limit: atomFeedSize });
  return renderAtom({
    origin: deps.config.publicUrl,
    title: feed.title,
    selfPath: feed.path,
    pagePath,
    posts: page.items,
  });
}

export interface FeedLink {
  title: string;
  path: string;
}

/** An author's feed, as feed readers list it. */
export const authorFeedLink = (siteName: string, author: { displayName: string; username: string }): FeedLink => ({
  title: `${shownName(author)} on ${siteName}`,
  path: readerPaths.authorFeed(author.username),
});

/** A tag's feed, as feed readers list it. */
export const tagFeedLink = (siteName: string, tag: { name: string; slug: string }): FeedLink => ({
  title: `#${tag.name} on ${siteName}`,
  path: readerPaths.tagFeed(tag.slug),
});

/** The latest live posts of the whole site. */
export function siteFeed(deps: Deps): Promise<string> {
  return render(deps, {}, { title: deps.config.site.name, path: readerPaths.siteFeed }, '/');
}

/** The latest live posts of one author; 404 when there is no such user. */
export async function authorFeed(deps: Deps, username: string): Promise<string> {
  const author = await getProfile(deps.db, username);
  const feed = authorFeedLink(deps.config.site.name, author);
  return render(deps, { authorUsername: author.username }, feed, readerPaths.profile(author.username));
}

/** The latest live posts with one tag; 404 when there is no such tag. */
export async function tagFeed(deps: Deps, slug: string): Promise<string> {
  const tag = await findTagBySlug(deps.db, slug);
  return render(deps, { tagSlug: tag.slug }, tagFeedLink(deps.config.site.name, tag), readerPaths.tag(tag.slug));
}
