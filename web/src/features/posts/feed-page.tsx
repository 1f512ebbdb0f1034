import { Link } from 'react-router';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { RequireAuth } from '../auth';
import { PostList } from './post-list';
import { feedQuery } from './queries';

export function FeedPage() {
  useDocumentTitle('Your feed');
  return (
    <RequireAuth>
      <section>
        <h1>Your feed</h1>
        <PostList
          query={feedQuery()}
          empty={
            <p>
              Follow authors to see their posts here. <Link to="/">Find someone to follow</Link>
            </p>
          }
        />
      </section>
    </RequireAuth>
  );
}
