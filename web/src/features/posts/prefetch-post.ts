import type { Prefetch } from '#web/lib/prefetch';
import { commentsQuery, flattenThreads } from '../comments';
import { postQuery } from './queries';

/** A post page's data for the server renderer: the post and the first page of its comments. */
export const prefetchPost: Prefetch = (qc, params, _url, source) => {
  const slug = params.slug ?? '';
  return Promise.all([
    qc.prefetchQuery({ ...postQuery(slug), queryFn: () => source.post(slug) }),
    source.comments(slug).then(
      (page) =>
        // Only the first page is rendered; when there are more, the client reloads the whole list at once.
        qc.setQueryData(commentsQuery(slug).queryKey, flattenThreads(page.items), {
          updatedAt: page.nextCursor ? 0 : Date.now(),
        }),
      () => undefined,
    ),
  ]);
};
