import { isRouteErrorResponse, useNavigate, useRouteError } from 'react-router';
import { NotFound } from '../components/ui/not-found';
import { isApiError } from '../lib/api-error';

/** The error boundary of every page: a 404 becomes the not-found page, anything else offers a retry. */
export function RouteError() {
  const error = useRouteError();
  const navigate = useNavigate();
  if ((isRouteErrorResponse(error) && error.status === 404) || isApiError(error, 404)) return <NotFound />;
  const isChunkError = error instanceof TypeError && /import|module/i.test(error.message);
  return (
    <section className="centered" role="alert">
      <h1>Something went wrong</h1>
      <p>
        {isChunkError
          ? 'A newer version of the site is available.'
          : 'This page failed to load. Your data is safe; try again.'}
      </p>
      <button type="button" onClick={() => (isChunkError ? window.location.reload() : navigate(0))}>
        Try again
      </button>
    </section>
  );
}
