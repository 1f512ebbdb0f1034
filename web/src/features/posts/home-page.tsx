import { Link, useSearchParams } from 'react-router';
import { useSession } from '#web/lib/session';
import { startOf } from '#web/lib/start-cursor';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { PostList } from './post-list';
import { homeQuery, sortOf } from './queries';

export function HomePage() {
  useDocumentTitle('Home');
  const [params] = useSearchParams();
  const sort = sortOf(params.get('sort'));
  const signedIn = useSession((s) => s.status === 'authenticated');
  return (
    <section>
      <h1 className="visually-hidden">Latest posts</h1>
      <div className="tabs" role="tablist" aria-label="Sort posts">
        <Link role="tab" aria-selected={sort === 'latest'} to="/">
          Latest
        </Link>
        <Link role="tab" aria-selected={sort === 'top'} to="/?sort=top">
          Top
        </Link>
      </div>
      <PostList
        query={homeQuery(sort, startOf(params))}
        empty={signedIn ? <Link to="/write">Write the first post</Link> : <p>Posts will appear here.</p>}
      />
    </section>
  );
}
