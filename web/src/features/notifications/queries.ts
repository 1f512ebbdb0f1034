import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { rpc, unwrap } from '#web/lib/api-client';

export const unreadCountQuery = () =>
  queryOptions({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => unwrap(rpc().api.notifications['unread-count'].$get()).then((r) => r.count),
  });

export const notificationsQuery = () =>
  infiniteQueryOptions({
    queryKey: ['notifications', 'list'],
    queryFn: ({ pageParam }) => unwrap(rpc().api.notifications.$get({ query: { cursor: pageParam ?? undefined } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
