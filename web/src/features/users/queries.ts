import { queryOptions } from '@tanstack/react-query';
import { rpc, unwrap } from '#web/lib/api-client';
import type { Prefetch } from '#web/lib/prefetch';
import { startOf } from '#web/lib/start-cursor';
import { authorPostsQuery } from '../posts';

export const userQuery = (username: string) =>
  queryOptions({
    queryKey: ['user', username],
    queryFn: () =>
      unwrap(rpc().api.users[':username'].$get({ param: { username: encodeURIComponent(username) } })).then(
        (r) => r.user,
      ),
  });

/** "/@ada" → "ada"; anything without the "@" is not a profile. */
export const usernameOf = (handle: string | undefined): string | null =>
  handle?.startsWith('@') && handle.length > 1 ? handle.slice(1).toLowerCase() : null;

export const prefetchProfile: Prefetch = async (qc, params, url, source) => {
  const username = usernameOf(params.handle);
  if (!username) return;
  await Promise.all([
    qc.prefetchQuery({ ...userQuery(username), queryFn: () => source.user(username) }),
    qc.prefetchInfiniteQuery({
      ...authorPostsQuery(username, startOf(url)),
      queryFn: ({ pageParam }) => source.posts({ sort: 'latest', author: username }, pageParam),
    }),
  ]);
};
