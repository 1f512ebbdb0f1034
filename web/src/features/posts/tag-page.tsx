import { useParams, useSearchParams } from 'react-router';
import { FeedLink } from '#web/components/ui/feed-link';
import { siteName } from '#web/lib/site-name';
import { startOf } from '#web/lib/start-cursor';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { PostList } from './post-list';
import { tagPostsQuery } from './queries';

export function TagPage() {
  const tag = useParams().tag ?? '';
  const [params] = useSearchParams();
  useDocumentTitle(`#${tag}`);
  return (
    <section>
      <h1>#{tag}</h1>
      <FeedLink title={`#${tag} on ${siteName()}`} href={`/api/atom/tags/${encodeURIComponent(tag)}`} />
      <PostList query={tagPostsQuery(tag, startOf(params))} empty={<p>No published posts carry this tag.</p>} />
    </section>
  );
}
