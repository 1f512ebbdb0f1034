import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * Asks for more when it scrolls near the viewport. The link is the keyboard path to the same thing
 * and, for readers without JavaScript (and crawlers), a real next page: the same URL with `?cursor=`.
 */
export function InfiniteSentinel({
  nextCursor,
  loading,
  onMore,
}: {
  nextCursor: string | null;
  loading: boolean;
  onMore: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const onMoreRef = useRef(onMore);
  onMoreRef.current = onMore;
  const { pathname, search } = useLocation();
  const hasMore = nextCursor !== null;

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
