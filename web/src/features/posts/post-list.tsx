import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { EmptyState } from '#web/components/ui/empty-state';
import { InfiniteSentinel } from '#web/components/ui/infinite-sentinel';
import { QueryError } from '#web/components/ui/query-error';
import { PostListSkeleton } from '#web/components/ui/skeleton';
import { PostCard } from './post-card';
import type { postPagesQuery } from './queries';

/** A cursor-paginated list that loads the next page when its end scrolls into view. */
export function PostList({ query, empty }: { query: ReturnType<typeof postPagesQuery>; empty: ReactNode }) {
  const result = useInfiniteQuery(query);
  if (result.isPending) return <PostListSkeleton />;
  if (result.isError) return <QueryError error={result.error} retry={() => result.refetch()} />;
  const posts = result.data.pages.flatMap((page) => page.items);
  if (posts.length === 0) return <EmptyState title="Nothing here yet">{empty}</EmptyState>;
  return (
    <div className="post-list">
      {posts.map((post) => (
        <PostCard key={post.id} post={post} />
      ))}
      <InfiniteSentinel pages={result} />
    </div>
  );
}
