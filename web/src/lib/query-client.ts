import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-error';

/** One client per browser tab, or per request when rendering on a server. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}
