import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, qs } from '../../lib/api-client';
import type { Prefetch } from '../../lib/prefetch';
import type { Page, Post } from '../../lib/types';

export type PostSort = 'latest' | 'top';

/** Any cursor-paginated list of posts, keyed by the path it is read from. */
export const postPagesQuery = (path: string, params: Record<string, string | undefined> = {}) =>
  infiniteQueryOptions({
    queryKey: ['posts', path, params],
    queryFn: ({ pageParam }) => api.get<Page<Post>>(`${path}${qs({ ...params, cursor: pageParam, limit: 20 })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const homeQuery = (sort: PostSort) => postPagesQuery('/api/posts', { sort });
export const tagPostsQuery = (tag: string) => postPagesQuery(`/api/tags/${encodeURIComponent(tag)}/posts`);
export const authorPostsQuery = (username: string) => postPagesQuery('/api/posts', { author: username });
export const feedQuery = () => postPagesQuery('/api/feed');
export const draftsQuery = () => postPagesQuery('/api/posts/drafts');

export const postQuery = (slug: string) =>
  queryOptions({
    queryKey: ['post', slug],
    queryFn: () => api.get<{ post: Post }>(`/api/posts/${encodeURIComponent(slug)}`).then((r) => r.post),
  });

export const sortOf = (value: string | null): PostSort => (value === 'top' ? 'top' : 'latest');

export const prefetchHome: Prefetch = (qc, _params, url) =>
  qc.prefetchInfiniteQuery(homeQuery(sortOf(url.searchParams.get('sort'))));
export const prefetchPost: Prefetch = (qc, params) => qc.prefetchQuery(postQuery(params.slug ?? ''));
export const prefetchTag: Prefetch = (qc, params) => qc.prefetchInfiniteQuery(tagPostsQuery(params.tag ?? ''));
