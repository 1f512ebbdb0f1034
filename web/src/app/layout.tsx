import { lazy, Suspense, useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigationType } from 'react-router';
import { BellIcon } from '../components/ui/bell-icon';
import { ErrorBoundary } from '../components/ui/error-boundary';
import { Skeleton } from '../components/ui/skeleton';
import { Toaster } from '../components/ui/toaster';
import { accountParts } from '../features/account';
import { notificationsParts } from '../features/notifications';
import { useSession } from '../lib/session';
import { siteName } from '../lib/site-name';
import { usePageLoading } from './lazy-page';
import { RouteError } from './route-error';
import { SearchBox } from './search-box';

// The bell holds the realtime client; loading it only for signed-in visitors keeps it out of the reader's first load.
// Only signed-in visitors can have an unverified address: the banner loads for them alone.
const VerifyBanner = lazy(() => accountParts.verifyBanner().then((banner) => ({ default: banner })));
const NotificationBell = lazy(() => notificationsParts.bell().then((bell) => ({ default: bell })));
// The menu (and sign-out with it) is for signed-in visitors alone: readers do not download it.
const UserMenu = lazy(() => import('./user-menu').then((menu) => ({ default: menu.UserMenu })));

export function Layout() {
  const status = useSession((s) => s.status);
  const location = useLocation();
  const pageLoading = usePageLoading();
  const navigationType = useNavigationType();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // Move focus to the new page after client navigation, as a full page load would. A replace
  // (the editor's /write → /write/<slug> after the first save) is the same page: focus stays put.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every path change by design
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (navigationType !== 'REPLACE') main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <nav aria-label="Main" className="nav">
          <Link to="/" className="brand">
            {siteName()}
          </Link>
          {status === 'authenticated' ? <NavLink to="/feed">Feed</NavLink> : null}
          <SearchBox />
          <div className="nav-end">
            {status === 'authenticated' ? (
              <>
                <Link className="button button-primary" to="/write">
                  Write
                </Link>
                <Suspense
                  fallback={
                    <Link to="/notifications" className="bell" aria-label="Notifications">
                      <BellIcon />
                    </Link>
                  }
                >
                  <NotificationBell />
                </Suspense>
                <Suspense fallback={null}>
                  <UserMenu />
                </Suspense>
              </>
            ) : status === 'anonymous' ? (
              <>
                <NavLink to="/login">Log in</NavLink>
                <Link className="button button-primary" to="/register">
                  Sign up
                </Link>
              </>
            ) : (
              // Until the session is known (and in the server's markup) the signed-out links hold their
              // place unseen: on a phone they wrap the header, which would push the whole page down.
              <span className="nav-pending" aria-hidden="true">
                <span>Log in</span>
                <span className="button button-primary">Sign up</span>
              </span>
            )}
          </div>
        </nav>
        {pageLoading ? <div className="progress-bar" aria-hidden="true" /> : null}
      </header>
      {status === 'authenticated' ? (
        <Suspense fallback={null}>
          <VerifyBanner />
        </Suspense>
      ) : null}
      <main id="main" ref={main} tabIndex={-1}>
        <ErrorBoundary resetKey={location.pathname} fallback={RouteError}>
          <Suspense fallback={<Skeleton lines={6} />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
      <footer className="site-footer">
        <p>Published with Edgepress, open-source blogging.</p>
      </footer>
      <Toaster />
    </>
  );
}
