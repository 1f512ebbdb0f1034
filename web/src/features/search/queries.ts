import { infiniteQueryOptions } from '@tanstack/react-query';
import { rpc, unwrap } from '#web/lib/api-client';
import type { Prefetch } from '#web/lib/prefetch';
import { startOf } from '#web/lib/start-cursor';

export const searchQuery = (q: string, start: string | null = null) =>
  infiniteQueryOptions({
    queryKey: start ? ['search', q, { start }] : ['search', q],
    queryFn: ({ pageParam }) =>
      unwrap(rpc().api.search.$get({ query: { q, cursor: pageParam ?? undefined, limit: '20' } })),
    initialPageParam: start,
    getNextPageParam: (last) => last.nextCursor,
    enabled: q.trim().length > 0,
  });

export const prefetchSearch: Prefetch = async (qc, _params, url, source) => {
  const q = url.searchParams.get('q')?.trim();
  if (!q) return;
  await qc.prefetchInfiniteQuery({
    ...searchQuery(q, startOf(url)),
    queryFn: ({ pageParam }) => source.search(q, pageParam),
  });
};
