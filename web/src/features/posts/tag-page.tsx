import { useParams, useSearchParams } from 'react-router';
import { FeedLink } from '../../components/ui/feed-link';
import { siteName } from '../../lib/site-name';
import { startOf } from '../../lib/start-cursor';
import { useDocumentTitle } from '../../lib/use-document-title';
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
