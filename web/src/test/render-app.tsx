import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { BrowserRouter, type Location, MemoryRouter, useLocation } from 'react-router';
import { Providers } from '../app/providers';
import { AppRoutes } from '../app/routes';
import { createQueryClient } from '../lib/query-client';

/**
 * Renders the real route tree at a URL, with a fresh query cache; `location()` is where the app is
 * now. `browser` runs it on the window's own history (jsdom's), for what back and forward do.
 */
export function renderApp(url: string, { browser = false } = {}) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  let current: Location | undefined;
  function Where() {
    current = useLocation();
    return null;
  }
  const view = render(
    <Providers queryClient={queryClient}>
      <Router url={url} browser={browser}>
        <Where />
        <AppRoutes />
      </Router>
    </Providers>,
  );
  const location = () => {
    if (!current) throw new Error('the app has not rendered yet');
    return current;
  };
  return { ...view, location, queryClient };
}

function Router({ url, browser, children }: { url: string; browser: boolean; children: ReactNode }) {
  if (!browser) return <MemoryRouter initialEntries={[url]}>{children}</MemoryRouter>;
  window.history.replaceState(null, '', url);
  return <BrowserRouter>{children}</BrowserRouter>;
}
