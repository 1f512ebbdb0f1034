import { type DehydratedState, dehydrate, type QueryClient } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import {
  createStaticHandler,
  createStaticRouter,
  type RouteObject,
  type StaticHandlerContext,
  StaticRouterProvider,
} from 'react-router';
import { Layout } from './app/layout';
import { Providers } from './app/providers';
import { type RouteHandle, routes } from './app/routes';
import { NotFound } from './components/ui/not-found';
import { createQueryClient } from './lib/query-client';
import { setServerSiteName } from './lib/site-name';
import { type RenderNotFoundPage, type RenderReaderPage, serverFresh } from './render-contract';

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

function markupOf(dataRoutes: RouteObject[], context: StaticHandlerContext, queryClient: QueryClient): string {
  const router = createStaticRouter(dataRoutes, context);
  return renderToString(
    <StrictMode>
      <Providers queryClient={queryClient}>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </Providers>
    </StrictMode>,
  );
}

/** Every address answers with the not-found page inside the site's layout. */
const notFoundRoutes: RouteObject[] = [{ element: <Layout />, children: [{ path: '*', Component: NotFound }] }];

export const renderNotFound: RenderNotFoundPage = async ({ request, siteName }) => {
  setServerSiteName(siteName);
  const handler = createStaticHandler(notFoundRoutes);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`not-found route answered ${context.status} while rendering`);
  return markupOf(handler.dataRoutes, context, createQueryClient());
};

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
  const html = markupOf(handler.dataRoutes, context, queryClient);
  // Inert JSON, never an inline script (the CSP forbids those); `<` escaped so text cannot close the tag.
  const data = JSON.stringify(timeless(dehydrate(queryClient))).replace(/</g, '\\u003c');
  queryClient.clear();
  return { html, data };
};
