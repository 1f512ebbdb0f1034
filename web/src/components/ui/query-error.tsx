import { isApiError } from '#web/lib/api-error';

/** What a failed query shows in place of its content, with a way to try again. */
export function QueryError({ error, retry }: { error: unknown; retry: () => void }) {
  const message = isApiError(error) ? error.message : 'Something went wrong while loading.';
  return (
    <div className="error-box" role="alert">
      <p>{message}</p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
