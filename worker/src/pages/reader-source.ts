import type { ReaderSource } from '#web-render';
import { cached } from '../cache/cached';
import { publicContent, publicTtl } from '../cache/public-content';
import { notFound } from '../errors';
import type { Deps } from '../ports';
import { tagSlug } from '../schemas/tag-slug';
import { listComments } from '../services/comments/list-comments';
import { getPostBySlug, listPosts } from '../services/posts';
import { searchPosts } from '../services/search/search-posts';
import { findTagBySlug } from '../services/tags/list-tags';
import { getProfile } from '../services/users/get-profile';

const pageSize = 20;
const commentPageSize = 100;

/**
 * Exactly what the API's JSON carries: a page's cache is serialized for the browser, and the
 * server must render from the very values the client will hydrate with.
 */
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Reader data for server rendering, read in-process through the services as a signed-out reader
 * sees it (never by an HTTP request to the app itself). First pages come from the public cache
 * under the API's own keys, so a page and the API's answer for the same list share one entry.
 */
export function readerSource(deps: Deps): ReaderSource {
  const publicly = <T>(key: string, ttl: number, load: () => Promise<T>) =>
    cached(deps, { key, dependsOn: [publicContent] }, ttl, load).then(asJson);
  return {
    posts({ sort, author, tag }, cursor) {
      const page = { limit: pageSize, ...(cursor ? { cursor } : {}) };
      const load = async () => {
        const slug = tag === undefined ? undefined : (await findTagBySlug(deps.db, tagSlug(tag))).slug;
        return listPosts(deps, undefined, { authorUsername: author, tagSlug: slug }, sort, page);
      };
      if (cursor) return load().then(asJson);
      const key =
        tag === undefined
          ? `posts:${sort}:${author ?? ''}::${pageSize}`
          : `tag-posts:${tagSlug(tag)}:${sort}:${pageSize}`;
      return publicly(key, publicTtl.list, load);
    },
    post: (slug) =>
      publicly(`post:${slug}`, publicTtl.post, () => getPostBySlug(deps, slug, undefined)).then((found) => {
        if (found.kind !== 'post') throw notFound('Post');
        return found.post;
      }),
    comments: (slug) => listComments(deps, undefined, slug, { limit: commentPageSize }).then(asJson),
    user: (username) => publicly(`profile:${username}`, publicTtl.profile, () => getProfile(deps.db, username)),
    search: (q, cursor) =>
      searchPosts(deps, undefined, q, { limit: pageSize, ...(cursor ? { cursor } : {}) }).then(asJson),
  };
}
