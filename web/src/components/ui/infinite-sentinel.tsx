import { useEffect, useRef } from 'react';

/** What the footer needs of an infinite query's result (TanStack's `useInfiniteQuery`). */
export interface MorePages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/**
 * The footer of every infinite list: asks for the next page when it scrolls near the viewport; the
 * button is the keyboard and no-observer path to the same thing.
 */
export function InfiniteSentinel({ pages }: { pages: MorePages }) {
  const { hasNextPage: hasMore, isFetchingNextPage: loading } = pages;
  const onMore = () => pages.fetchNextPage();
  const ref = useRef<HTMLDivElement>(null);
  const onMoreRef = useRef(onMore);
  onMoreRef.current = onMore;

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

  if (!hasMore) return null;
  return (
    <div ref={ref} className="sentinel">
      <button type="button" onClick={onMore} disabled={loading}>
        {loading ? 'Loading…' : 'Load more'}
      </button>
    </div>
  );
}
