import type { QueryClient } from '@tanstack/react-query';
import type { Params, RouteObject } from 'react-router';
import { Skeleton } from '../components/ui/skeleton';
import { prefetchHome, prefetchPost, prefetchTag } from '../features/posts/queries';
import { prefetchSearch } from '../features/search/queries';
import { prefetchProfile } from '../features/users/queries';
import { Layout } from './layout';
import { NotFound } from './not-found';
import { RouteError } from './route-error';

/** What a server renderer calls to fill the query cache before rendering a reader page. */
export type Prefetch = (queryClient: QueryClient, params: Params, url: URL) => Promise<unknown>;
export interface RouteHandle {
  prefetch?: Prefetch;
}

// Every page is its own chunk: the reader's first load carries only the shell, and the
// editor and admin never reach a reader's browser.
const page = <M,>(load: () => Promise<M>, pick: (m: M) => React.ComponentType) => ({
  lazy: async () => ({ Component: pick(await load()) }),
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
            ...page(
              () => import('../features/posts/home-page'),
              (m) => m.HomePage,
            ),
          },
          {
            path: 'p/:slug',
            handle: { prefetch: prefetchPost } satisfies RouteHandle,
            ...page(
              () => import('../features/posts/post-page'),
              (m) => m.PostPage,
            ),
          },
          {
            path: 't/:tag',
            handle: { prefetch: prefetchTag } satisfies RouteHandle,
            ...page(
              () => import('../features/posts/tag-page'),
              (m) => m.TagPage,
            ),
          },
          {
            path: 'search',
            handle: { prefetch: prefetchSearch } satisfies RouteHandle,
            ...page(
              () => import('../features/search/search-page'),
              (m) => m.SearchPage,
            ),
          },
          {
            path: 'feed',
            ...page(
              () => import('../features/posts/feed-page'),
              (m) => m.FeedPage,
            ),
          },
          {
            path: 'write/:slug?',
            ...page(
              () => import('../features/editor/editor-page'),
              (m) => m.EditorPage,
            ),
          },
          {
            path: 'drafts',
            ...page(
              () => import('../features/editor/drafts-page'),
              (m) => m.DraftsPage,
            ),
          },
          {
            path: 'notifications',
            ...page(
              () => import('../features/notifications/notifications-page'),
              (m) => m.NotificationsPage,
            ),
          },
          {
            path: 'settings',
            ...page(
              () => import('../features/settings/settings-page'),
              (m) => m.SettingsPage,
            ),
          },
          {
            path: 'login',
            ...page(
              () => import('../features/auth/login-page'),
              (m) => m.LoginPage,
            ),
          },
          {
            path: 'register',
            ...page(
              () => import('../features/auth/register-page'),
              (m) => m.RegisterPage,
            ),
          },
          {
            path: 'forgot-password',
            ...page(
              () => import('../features/account/forgot-password-page'),
              (m) => m.ForgotPasswordPage,
            ),
          },
          {
            path: 'reset-password',
            ...page(
              () => import('../features/account/reset-password-page'),
              (m) => m.ResetPasswordPage,
            ),
          },
          {
            path: 'verify-email',
            ...page(
              () => import('../features/account/email-link-page'),
              (m) => m.VerifyEmailPage,
            ),
          },
          {
            path: 'confirm-email',
            ...page(
              () => import('../features/account/email-link-page'),
              (m) => m.ConfirmEmailChangePage,
            ),
          },
          {
            path: 'undo-email-change',
            ...page(
              () => import('../features/account/email-link-page'),
              (m) => m.UndoEmailChangePage,
            ),
          },
          {
            path: 'admin',
            ...page(
              () => import('../features/admin/admin-page'),
              (m) => m.AdminPage,
            ),
          },
          {
            // Profiles live at /@<username>; React Router matches whole segments, so the page checks the "@".
            path: ':handle',
            handle: { prefetch: prefetchProfile } satisfies RouteHandle,
            ...page(
              () => import('../features/users/profile-page'),
              (m) => m.ProfilePage,
            ),
          },
          { path: '*', Component: NotFound },
        ],
      },
    ],
  },
];
