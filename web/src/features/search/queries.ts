import { infiniteQueryOptions } from '@tanstack/react-query';
import { rpc, unwrap } from '../../lib/api-client';
import type { Prefetch } from '../../lib/prefetch';

export const searchQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: ['search', q],
    queryFn: ({ pageParam }) =>
      unwrap(rpc().api.search.$get({ query: { q, cursor: pageParam ?? undefined, limit: '20' } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: q.trim().length > 0,
  });

export const prefetchSearch: Prefetch = async (qc, _params, url) => {
  const q = url.searchParams.get('q')?.trim();
  if (q) await qc.prefetchInfiniteQuery(searchQuery(q));
};
