import { type DehydratedState, dehydrate, type QueryClient } from '@tanstack/react-query';
import { type ReactNode, StrictMode } from 'react';
import { renderToString } from 'react-dom/server';

import { matchRoutes, Route, Routes, StaticRouter } from 'react-router';
import { Layout } from './app/layout';
import { Providers } from './app/providers';
import { AppRoutes, type RouteHandle, routes } from './app/routes';
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
 * ETag): the browser counts data as fetched when the page loads (`loadedAt` in start-client.tsx),
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

function markupOf(url: URL, page: ReactNode, queryClient: QueryClient): string {
  return renderToString(
    <StrictMode>
      <Providers queryClient={queryClient}>
        <StaticRouter location={`${url.pathname}${url.search}`}>{page}</StaticRouter>
      </Providers>
    </StrictMode>,
  );
}

/** Every address answers with the not-found page inside the site's layout. */
const notFoundPage = (
  <Routes>
    <Route element={<Layout />}>
      <Route path="*" element={<NotFound />} />
    </Route>
  </Routes>
);

export const renderNotFound: RenderNotFoundPage = async ({ request, siteName }) => {
  setServerSiteName(siteName);
  return markupOf(new URL(request.url), notFoundPage, createQueryClient());
};

export const render: RenderReaderPage = async ({ request, source, siteName }) => {
  setServerSiteName(siteName);
  const queryClient = createQueryClient();
  const url = new URL(request.url);
  const matches = matchRoutes(routes, url.pathname) ?? [];
  await Promise.all(
    matches.flatMap((match) => {
      const handle = match.route.handle as RouteHandle | undefined;
      return [handle?.preload?.(), handle?.prefetch?.(queryClient, match.params, url, source)];
    }),
  );
  const html = markupOf(url, <AppRoutes />, queryClient);
  // Inert JSON, never an inline script (the CSP forbids those); `<` escaped so text cannot close the tag.
  const data = JSON.stringify(timeless(dehydrate(queryClient))).replace(/</g, '\\u003c');
  queryClient.clear();
  return { html, data };
};
