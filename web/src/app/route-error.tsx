import type { ErrorFallback } from '../components/ui/error-boundary';
import { NotFound } from '../components/ui/not-found';
import { isApiError } from '../lib/api-error';

/** What a page that failed shows: a 404 becomes the not-found page, anything else offers a retry. */
export const RouteError: ErrorFallback = ({ error, retry }) => {
  if (isApiError(error, 404)) return <NotFound />;
  // A page's chunk is gone when a deploy replaced it while this tab stayed open.
  const isChunkError = error instanceof TypeError && /import|module/i.test(error.message);
  return (
    <section className="centered" role="alert">
      <h1>Something went wrong</h1>
      <p>
        {isChunkError
          ? 'A newer version of the site is available.'
          : 'This page failed to load. Your data is safe; try again.'}
      </p>
      <button type="button" onClick={() => (isChunkError ? window.location.reload() : retry())}>
        Try again
      </button>
    </section>
  );
};
