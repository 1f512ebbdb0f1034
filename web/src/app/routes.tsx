import type { RouteObject } from 'react-router';
import { NotFound } from '../components/ui/not-found';
import { Skeleton } from '../components/ui/skeleton';
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
import { RouteError } from './route-error';

export interface RouteHandle {
  prefetch?: Prefetch;
}

// Every page is its own chunk: the reader's first load carries only the shell, and the
// editor and admin never reach a reader's browser.
const page = (load: () => Promise<React.ComponentType>) => ({
  lazy: async () => ({ Component: await load() }),
});

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    // Shown while the first page's chunk loads.
    HydrateFallback: () => <Skeleton lines={6} />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          {
            index: true,
            handle: { prefetch: prefetchHome } satisfies RouteHandle,
            ...page(postsPages.home),
          },
          {
            path: 'p/:slug',
            handle: { prefetch: prefetchPost } satisfies RouteHandle,
            ...page(postsPages.post),
          },
          {
            path: 'preview/:token',
            ...page(postsPages.preview),
          },
          {
            path: 't/:tag',
            handle: { prefetch: prefetchTag } satisfies RouteHandle,
            ...page(postsPages.tag),
          },
          {
            path: 'search',
            handle: { prefetch: prefetchSearch } satisfies RouteHandle,
            ...page(searchPages.search),
          },
          {
            path: 'feed',
            ...page(postsPages.feed),
          },
          {
            path: 'write/:slug?',
            ...page(editorPages.editor),
          },
          {
            path: 'drafts',
            ...page(editorPages.drafts),
          },
          {
            path: 'notifications',
            ...page(notificationsParts.page),
          },
          {
            path: 'settings',
            ...page(settingsPages.settings),
          },
          {
            path: 'login',
            ...page(authPages.login),
          },
          {
            path: 'register',
            ...page(authPages.register),
          },
          {
            path: 'forgot-password',
            ...page(accountPages.forgotPassword),
          },
          {
            path: 'reset-password',
            ...page(accountPages.resetPassword),
          },
          {
            path: 'verify-email',
            ...page(accountPages.verifyEmail),
          },
          {
            path: 'confirm-email',
            ...page(accountPages.confirmEmailChange),
          },
          {
            path: 'undo-email-change',
            ...page(accountPages.undoEmailChange),
          },
          {
            path: 'admin',
            ...page(adminPages.admin),
          },
          {
            // Profiles live at /@<username>; React Router matches whole segments, so the page checks the "@".
            path: ':handle',
            handle: { prefetch: prefetchProfile } satisfies RouteHandle,
            ...page(usersPages.profile),
          },
          { path: '*', Component: NotFound },
        ],
      },
    ],
  },
];
