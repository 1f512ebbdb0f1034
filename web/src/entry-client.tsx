import { hydrate } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { Providers } from './app/providers';
import { routes } from './app/routes';
import { createQueryClient } from './lib/query-client';
import { refreshSession } from './lib/refresh';
import { signOutLocally } from './lib/session';
import './app/styles.css';

const queryClient = createQueryClient();
// Server-rendered pages carry their query cache as inert JSON (never an inline script: the CSP forbids it).
const dehydrated = document.getElementById('app-data')?.textContent;
if (dehydrated) hydrate(queryClient, JSON.parse(dehydrated));

// The server names a reader page's feed for readers that run no script; here the pages name their
// own (and drop it when the reader moves on), so the server's copy would be a duplicate.
for (const link of document.querySelectorAll('link[data-page-feed]')) link.remove();

// Silent sign-in through the HttpOnly refresh cookie.
refreshSession().catch(() => signOutLocally());

const router = createBrowserRouter(routes);
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const app = (
  <StrictMode>
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>
);
if (container.hasChildNodes() && dehydrated) hydrateRoot(container, app);
else createRoot(container).render(app);
