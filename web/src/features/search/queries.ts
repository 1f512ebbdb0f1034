import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, qs } from '../../lib/api-client';
import type { Prefetch } from '../../lib/prefetch';
import { startOf } from '../../lib/start-cursor';
import type { Page, SearchHit } from '../../lib/types';

export const searchQuery = (q: string, start: string | null = null) =>
  infiniteQueryOptions({
    queryKey: start ? ['search', q, { start }] : ['search', q],
    queryFn: ({ pageParam }) => api.get<Page<SearchHit>>(`/api/search${qs({ q, cursor: pageParam, limit: 20 })}`),
    initialPageParam: start,
    getNextPageParam: (last) => last.nextCursor,
    enabled: q.trim().length > 0,
  });

export const prefetchSearch: Prefetch = async (qc, _params, url, source) => {
  const q = url.searchParams.get('q')?.trim();
  const start = startOf(url);
  if (q)
    await qc.prefetchInfiniteQuery({
      ...searchQuery(q, start),
      queryFn: ({ pageParam }) => source.search(q, pageParam),
    });
};
