import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/** What the footer needs of an infinite query's result (TanStack's `useInfiniteQuery`). */
export interface MorePages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  data?: { pages: readonly { nextCursor: string | null }[] };
}

/**
 * The footer of every infinite list: asks for the next page when it scrolls near the viewport. The
 * link is the keyboard path to the same thing and, for readers without JavaScript (and crawlers),
 * a real next page: the same URL with `?cursor=`.
 */
export function InfiniteSentinel({ pages }: { pages: MorePages }) {
  const { hasNextPage: hasMore, isFetchingNextPage: loading } = pages;
  const nextCursor = pages.data?.pages.at(-1)?.nextCursor ?? null;
  const onMore = () => pages.fetchNextPage();
  const ref = useRef<HTMLDivElement>(null);
  const onMoreRef = useRef(onMore);
  onMoreRef.current = onMore;
  const { pathname, search } = useLocation();

  useEffect(() => {
    const node = ref.current;
    if (!node || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) onMoreRef.current();
      },
      { rootMargin: '400px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasMore]);

  if (!hasMore || nextCursor === null) return null;
  const params = new URLSearchParams(search);
  params.set('cursor', nextCursor);
  return (
    <div ref={ref} className="sentinel">
      <a
        className="button"
        href={`${pathname}?${params}`}
        aria-disabled={loading}
        onClick={(event) => {
          event.preventDefault();
          if (!loading) onMore();
        }}
      >
        {loading ? 'Loading…' : 'Next page'}
      </a>
    </div>
  );
}
