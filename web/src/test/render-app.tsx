import { render } from '@testing-library/react';
import { type Location, MemoryRouter, useLocation } from 'react-router';
import { Providers } from '../app/providers';
import { AppRoutes } from '../app/routes';
import { createQueryClient } from '../lib/query-client';

/** Renders the real route tree at a URL, with a fresh query cache; `location()` is where the app is now. */
export function renderApp(url: string) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  let current: Location | undefined;
  function Where() {
    current = useLocation();
    return null;
  }
  const view = render(
    <Providers queryClient={queryClient}>
      <MemoryRouter initialEntries={[url]}>
        <Where />
        <AppRoutes />
      </MemoryRouter>
    </Providers>,
  );
  const location = () => {
    if (!current) throw new Error('the app has not rendered yet');
    return current;
  };
  return { ...view, location, queryClient };
}
