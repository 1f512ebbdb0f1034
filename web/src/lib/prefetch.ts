import type { QueryClient } from '@tanstack/react-query';
import type { Params } from 'react-router';

/** What a server renderer calls to fill the query cache before rendering a reader page. */
export type Prefetch = (queryClient: QueryClient, params: Params, url: URL) => Promise<unknown>;
