import { Link } from 'react-router';
import { useDocumentTitle } from '#web/lib/use-document-title';

export function NotFound() {
  useDocumentTitle('Not found');
  return (
    <section className="centered">
      <h1>Page not found</h1>
      <p>There is nothing at this address. It may have moved, or it may be a draft you cannot see.</p>
      <Link to="/">Back to the home page</Link>
    </section>
  );
}
