import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '#web/components/ui/empty-state';
import { InfiniteSentinel } from '#web/components/ui/infinite-sentinel';
import { QueryError } from '#web/components/ui/query-error';
import { PostListSkeleton } from '#web/components/ui/skeleton';
import { displayNameOf } from '#web/lib/format';
import { startOf } from '#web/lib/start-cursor';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { searchQuery } from './queries';

export function SearchPage() {
  const [params] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  useDocumentTitle(q ? `Search: ${q}` : 'Search');
  const result = useInfiniteQuery(searchQuery(q, startOf(params)));
  return (
    <section>
      <h1>{q ? `Results for “${q}”` : 'Search'}</h1>
      {!q ? (
        <p>Type words in the search box to find posts.</p>
      ) : result.isPending ? (
        <PostListSkeleton />
      ) : result.isError ? (
        <QueryError error={result.error} retry={() => result.refetch()} />
      ) : result.data.pages[0]?.items.length === 0 ? (
        <EmptyState title="No posts match">
          <p>Try fewer or different words.</p>
        </EmptyState>
      ) : (
        <>
          <ol className="search-results">
            {result.data.pages
              .flatMap((p) => p.items)
              .map(({ post, snippet }) => (
                <li key={post.id} className="card">
                  <h2 className="post-card-title">
                    <Link to={`/p/${post.slug}`}>{post.title}</Link>
                  </h2>
                  <p className="muted">by {displayNameOf(post.author)}</p>
                  {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the API sanitizes snippets (only <mark> survives) */}
                  <p className="snippet" dangerouslySetInnerHTML={{ __html: snippet }} />
                </li>
              ))}
          </ol>
          <InfiniteSentinel pages={result} />
        </>
      )}
    </section>
  );
}
