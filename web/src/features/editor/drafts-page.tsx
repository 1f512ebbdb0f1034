import { Link } from 'react-router';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { RequireAuth } from '../auth';
import { draftsQuery, PostList } from '../posts';

export function DraftsPage() {
  useDocumentTitle('Your drafts');
  return (
    <RequireAuth>
      <section>
        <div className="row spread">
          <h1>Your drafts</h1>
          <Link className="button button-primary" to="/write">
            New post
          </Link>
        </div>
        <PostList query={draftsQuery()} empty={<p>Drafts and scheduled posts only you can see appear here.</p>} />
      </section>
    </RequireAuth>
  );
}
