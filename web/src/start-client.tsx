import { type DehydratedState, hydrate } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { BrowserRouter, matchRoutes } from 'react-router';
import { Providers } from './app/providers';
import { AppRoutes, type RouteHandle, routes } from './app/routes';
import { createQueryClient } from './lib/query-client';
import { refreshSession } from './lib/refresh';
import { signOutLocally } from './lib/session';
import { serverFresh } from './render-contract';

const queryClient = createQueryClient();

/** Server-rendered data counts as fetched when the page loaded (the server sends it without times). */
function loadedAt(state: DehydratedState, now: number): DehydratedState {
  for (const query of state.queries) {
    query.dehydratedAt = now;
    if (query.state.dataUpdatedAt === serverFresh) query.state.dataUpdatedAt = now;
  }
  return state;
}
// Server-rendered pages carry their query cache as inert JSON (never an inline script: the CSP forbids it).
const dehydrated = document.getElementById('app-data')?.textContent;
if (dehydrated) hydrate(queryClient, loadedAt(JSON.parse(dehydrated), Date.now()));

// The server names a reader page's feed for readers that run no script; here the pages name their
// own (and drop it when the reader moves on), so the server's copy would be a duplicate.
for (const link of document.querySelectorAll('link[data-page-feed]')) link.remove();

// Silent sign-in through the HttpOnly refresh cookie, for visitors whose session hint says they have one.
refreshSession().catch(() => signOutLocally());

/**
 * Resolves once the modules of the pages at this address are in, so that the first render is the
 * server's markup rather than a fallback. A module that fails to load is left to the page's error
 * boundary.
 */
function pagesLoaded(): Promise<unknown> {
  const matches = matchRoutes(routes, window.location) ?? [];
  return Promise.all(matches.map((match) => (match.route.handle as RouteHandle | undefined)?.preload?.())).catch(
    () => undefined,
  );
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const app = (
  <StrictMode>
    <Providers queryClient={queryClient}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </Providers>
  </StrictMode>
);
// Hydrating as a transition lets React yield to the browser every few milliseconds instead of
// holding the main thread for the whole page (the reader's post page's longest task on a phone).
if (container.hasChildNodes() && dehydrated) {
  pagesLoaded().then(() =>
    startTransition(() => {
      hydrateRoot(container, app);
    }),
  );
} else createRoot(container).render(app);
