import { dehydrate } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router';
import { Providers } from './app/providers';
import { type RouteHandle, routes } from './app/routes';
import { setApiBase } from './lib/api-base';
import { createQueryClient } from './lib/query-client';

export interface RenderResult {
  status: number;
  html: string;
  /** JSON for `<script type="application/json" id="app-data">` (inert, so allowed by the CSP). */
  data: string;
  redirect?: string;
}

/**
 * Renders a reader page for crawlers and first paint: resolves the route, prefetches the queries
 * its handle declares, renders, and hands back the dehydrated cache for the client to resume from.
 */
export async function render(request: Request, apiOrigin: string): Promise<RenderResult> {
  setApiBase(apiOrigin);
  const handler = createStaticHandler(routes);
  const context = await handler.query(request);
  if (context instanceof Response) {
    return { status: context.status, html: '', data: '{}', redirect: context.headers.get('Location') ?? undefined };
  }
  const queryClient = createQueryClient();
  const url = new URL(request.url);
  await Promise.all(
    context.matches.map((match) =>
      (match.route.handle as RouteHandle | undefined)?.prefetch?.(queryClient, match.params, url),
    ),
  );
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(
    <StrictMode>
      <Providers queryClient={queryClient}>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </Providers>
    </StrictMode>,
  );
  const data = JSON.stringify(dehydrate(queryClient)).replace(/</g, '\\u003c');
  return { status: context.statusCode, html, data };
}
