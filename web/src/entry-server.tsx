import { type DehydratedState, dehydrate } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router';
import { Providers } from './app/providers';
import { type RouteHandle, routes } from './app/routes';
import { createQueryClient } from './lib/query-client';
import { setServerSiteName } from './lib/site-name';
import { type RenderReaderPage, serverFresh } from './render-contract';

/**
 * Renders a reader page for readers without JavaScript, crawlers and first paint: resolves the
 * route (loading its lazy page module), fills the query cache from the server's in-process reader
 * source, renders, and hands back the dehydrated cache for the client to resume from. The markup
 * is that of a signed-out reader, so every reader gets the same bytes; per-reader parts fill in
 * after hydration. Statuses and redirects are the server's (services/discovery/page-head.ts).
 */
/**
 * The cache without the times it was filled, so that every reader gets the same bytes (and one
 * ETag): the browser counts data as fetched when the page loads (`loadedAt` in entry-client.tsx),
 * except data left stale on purpose (`updatedAt: 0`, a post's further comments), which it reloads.
 */
function timeless(state: DehydratedState): DehydratedState {
  return {
    ...state,
    queries: state.queries.map((query) => ({
      ...query,
      dehydratedAt: serverFresh,
      state: { ...query.state, dataUpdatedAt: query.state.dataUpdatedAt === 0 ? 0 : serverFresh },
    })),
  };
}

export const render: RenderReaderPage = async ({ request, source, siteName }) => {
  setServerSiteName(siteName);
  const handler = createStaticHandler(routes);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`reader route answered ${context.status} while rendering`);
  const queryClient = createQueryClient();
  const url = new URL(request.url);
  await Promise.all(
    context.matches.map((match) =>
      (match.route.handle as RouteHandle | undefined)?.prefetch?.(queryClient, match.params, url, source),
    ),
  );
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(
    <StrictMode>
      <Providers queryClient={queryClient}>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </Providers>
    </StrictMode>,
  );
  // Inert JSON, never an inline script (the CSP forbids those); `<` escaped so text cannot close the tag.
  const data = JSON.stringify(timeless(dehydrate(queryClient))).replace(/</g, '\\u003c');
  queryClient.clear();
  return { html, data };
};
