import { type RouteObject, useRoutes } from 'react-router';
import { NotFound } from '../components/ui/not-found';
import { accountPages } from '../features/account';
import { adminPages } from '../features/admin';
import { authPages } from '../features/auth';
import { editorPages } from '../features/editor';
import { notificationsParts } from '../features/notifications';
import { postsPages, prefetchHome, prefetchPost, prefetchTag } from '../features/posts';
import { prefetchSearch, searchPages } from '../features/search';
import { settingsPages } from '../features/settings';
import { prefetchProfile, usersPages } from '../features/users';
import type { Prefetch } from '../lib/prefetch';
import { Layout } from './layout';
import { lazyPage } from './lazy-page';

export interface RouteHandle {
  /** Fills the query cache on the server before the page renders. */
  prefetch?: Prefetch;
  /** Loads the page's module, so that a render (the server's, the first hydration) meets the page itself. */
  preload?: () => Promise<void>;
}

// Every page is its own chunk: the reader's first load carries only the shell, and the
// editor and admin never reach a reader's browser.
const page = (load: () => Promise<React.ComponentType>, prefetch?: Prefetch) => {
  const { Component, preload } = lazyPage(load);
  return { element: <Component />, handle: { prefetch, preload } satisfies RouteHandle };
};

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { index: true, ...page(postsPages.home, prefetchHome) },
      { path: 'p/:slug', ...page(postsPages.post, prefetchPost) },
      { path: 'preview/:token', ...page(postsPages.preview) },
      { path: 't/:tag', ...page(postsPages.tag, prefetchTag) },
      { path: 'search', ...page(searchPages.search, prefetchSearch) },
      { path: 'feed', ...page(postsPages.feed) },
      { path: 'write/:slug?', ...page(editorPages.editor) },
      { path: 'drafts', ...page(editorPages.drafts) },
      { path: 'notifications', ...page(notificationsParts.page) },
      { path: 'settings', ...page(settingsPages.settings) },
      { path: 'login', ...page(authPages.login) },
      { path: 'register', ...page(authPages.register) },
      { path: 'forgot-password', ...page(accountPages.forgotPassword) },
      { path: 'reset-password', ...page(accountPages.resetPassword) },
      { path: 'verify-email', ...page(accountPages.verifyEmail) },
      { path: 'confirm-email', ...page(accountPages.confirmEmailChange) },
      { path: 'undo-email-change', ...page(accountPages.undoEmailChange) },
      { path: 'admin', ...page(adminPages.admin) },
      {
        // Profiles live at /@<username>; React Router matches whole segments, so the page checks the "@".
        path: ':handle',
        ...page(usersPages.profile, prefetchProfile),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
];

/** The page at the router's location, inside the site's layout. */
export function AppRoutes() {
  return useRoutes(routes);
}
