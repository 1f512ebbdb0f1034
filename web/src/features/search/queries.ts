import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, qs } from '../../lib/api-client';
import type { Prefetch } from '../../lib/prefetch';
import type { Page, SearchHit } from '../../lib/types';

export const searchQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: ['search', q],
    queryFn: ({ pageParam }) => api.get<Page<SearchHit>>(`/api/search${qs({ q, cursor: pageParam, limit: 20 })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: q.trim().length > 0,
  });

export const prefetchSearch: Prefetch = async (qc, _params, url) => {
  const q = url.searchParams.get('q')?.trim();
  if (q) await qc.prefetchInfiniteQuery(searchQuery(q));
};
