import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, qs } from '../../lib/api-client';
import type { Notification, Page } from '../../lib/types';

export const unreadCountQuery = () =>
  queryOptions({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => api.get<{ count: number }>('/api/notifications/unread-count').then((r) => r.count),
  });

export const notificationsQuery = () =>
  infiniteQueryOptions({
    queryKey: ['notifications', 'list'],
    queryFn: ({ pageParam }) => api.get<Page<Notification>>(`/api/notifications${qs({ cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
