import type { QueryClient } from '@tanstack/react-query';
import type { Params } from 'react-router';

import type { ReaderSource } from '../render-contract';

/**
 * What a server renderer calls to fill the query cache before rendering a reader page: the same
 * query keys the page reads, filled from `source` (the services, in-process) instead of the API.
 */
export type Prefetch = (queryClient: QueryClient, params: Params, url: URL, source: ReaderSource) => Promise<unknown>;
