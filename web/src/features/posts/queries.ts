import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { rpc, unwrap } from '#web/lib/api-client';
import type { Prefetch } from '#web/lib/prefetch';
import { startOf } from '#web/lib/start-cursor';

export type PostSort = 'latest' | 'top';

/** One page of a cursor-paginated list: the cursor (none for the first page) and the page size. */
const pageOf = (cursor: string | null) => ({ cursor: cursor ?? undefined, limit: '20' });
type PostPage = Awaited<ReturnType<typeof loadPosts>>;
const loadPosts = (query: { sort?: PostSort; author?: string; cursor?: string; limit: string }) =>
  unwrap(rpc().api.posts.$get({ query }));

/**
 * Any cursor-paginated list of posts, keyed by the path it is read from. `start` is the page a
 * `?cursor=` link opened (readers without JavaScript page through lists by following them).
 */
export const postPagesQuery = (
  path: string,
  params: Record<string, string>,
  load: (cursor: string | null) => Promise<PostPage>,
  start: string | null = null,
) =>
  infiniteQueryOptions({
    queryKey: start ? ['posts', path, params, { start }] : ['posts', path, params],
    queryFn: ({ pageParam }) => load(pageParam),
    initialPageParam: start,
    getNextPageParam: (last) => last.nextCursor,
  });

export const homeQuery = (sort: PostSort, start: string | null = null) =>
  postPagesQuery('/api/posts', { sort }, (cursor) => loadPosts({ sort, ...pageOf(cursor) }), start);
export const tagPostsQuery = (tag: string, start: string | null = null) =>
  postPagesQuery(
    `/api/tags/${encodeURIComponent(tag)}/posts`,
    {},
    (cursor) =>
      unwrap(rpc().api.tags[':slug'].posts.$get({ param: { slug: encodeURIComponent(tag) }, query: pageOf(cursor) })),
    start,
  );
export const authorPostsQuery = (username: string, start: string | null = null) =>
  postPagesQuery(
    '/api/posts',
    { author: username },
    (cursor) => loadPosts({ author: username, ...pageOf(cursor) }),
    start,
  );
export const feedQuery = () =>
  postPagesQuery('/api/feed', {}, (cursor) => unwrap(rpc().api.feed.$get({ query: pageOf(cursor) })));
export const draftsQuery = () =>
  postPagesQuery('/api/posts/drafts', {}, (cursor) => unwrap(rpc().api.posts.drafts.$get({ query: pageOf(cursor) })));

export const postQuery = (slug: string) =>
  queryOptions({
    queryKey: ['post', slug],
    queryFn: () =>
      unwrap(rpc().api.posts[':slug'].$get({ param: { slug: encodeURIComponent(slug) } })).then((r) => r.post),
  });

export const sortOf = (value: string | null): PostSort => (value === 'top' ? 'top' : 'latest');

export const prefetchHome: Prefetch = (qc, _params, url, source) => {
  const sort = sortOf(url.searchParams.get('sort'));
  return qc.prefetchInfiniteQuery({
    ...homeQuery(sort, startOf(url)),
    queryFn: ({ pageParam }) => source.posts({ sort }, pageParam),
  });
};

export const prefetchTag: Prefetch = (qc, params, url, source) => {
  const tag = params.tag ?? '';
  return qc.prefetchInfiniteQuery({
    ...tagPostsQuery(tag, startOf(url)),
    queryFn: ({ pageParam }) => source.posts({ sort: 'latest', tag }, pageParam),
  });
};
