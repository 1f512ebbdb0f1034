import type { Deps } from '../../ports';
import { listPosts } from '../posts';
import type { PostFilter } from '../posts/list-posts';
import { findTagBySlug } from '../tags/list-tags';
import { getProfile } from '../users/get-profile';
import { renderAtom } from './atom';

/** Entries per feed: what readers poll for, not an archive. */
export const atomFeedSize = 20;

async function render(deps: Deps, filter: PostFilter, title: string, selfPath: string, pagePath: string) {
  const page = await listPosts(deps, undefined, filter, 'latest', { limit: atomFeedSize });
  return renderAtom({ origin: deps.config.publicUrl, title, selfPath, pagePath, posts: page.items });
}

/** The latest live posts of the whole site. */
export function siteFeed(deps: Deps): Promise<string> {
  return render(deps, {}, deps.config.site.name, '/api/atom/posts', '/');
}

/** The latest live posts of one author; 404 when there is no such user. */
export async function authorFeed(deps: Deps, username: string): Promise<string> {
  const author = await getProfile(deps.db, username);
  const name = author.displayName || author.username;
  return render(
    deps,
    { authorUsername: author.username },
    `${name} on ${deps.config.site.name}`,
    `/api/atom/users/${author.username}`,
    `/@${author.username}`,
  );
}

/** The latest live posts with one tag; 404 when there is no such tag. */
export async function tagFeed(deps: Deps, slug: string): Promise<string> {
  const tag = await findTagBySlug(deps.db, slug);
  return render(
    deps,
    { tagSlug: tag.slug },
    `#${tag.name} on ${deps.config.site.name}`,
    `/api/atom/tags/${tag.slug}`,
    `/t/${tag.slug}`,
  );
}
