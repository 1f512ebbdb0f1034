import { type DehydratedState, hydrate } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { Providers } from './app/providers';
import { routes } from './app/routes';
import { createQueryClient } from './lib/query-client';
import { refreshSession } from './lib/refresh';
import { signOutLocally } from './lib/session';
import { serverFresh } from './render-contract';
import './app/styles.css';

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

const router = createBrowserRouter(routes);

/** Resolves once the first page's lazy module is loaded, so the first render is the server's markup. */
function routerReady(): Promise<void> {
  if (router.state.initialized) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = router.subscribe((state) => {
      if (!state.initialized) return;
      stop();
      resolve();
    });
  });
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const app = (
  <StrictMode>
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>
);
// Hydrating as a transition lets React yield to the browser every few milliseconds instead of
// holding the main thread for the whole page (the reader's post page's longest task on a phone).
if (container.hasChildNodes() && dehydrated) {
  routerReady().then(() =>
    startTransition(() => {
      hydrateRoot(container, app);
    }),
  );
} else createRoot(container).render(app);
