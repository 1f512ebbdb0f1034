import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { AppEnv } from '../app-env';

const answeredRoutes = new WeakMap<Request, string>();

/** The route pattern that answered `request`, for a layer in front of the app that keeps answers. */
export const routeThatAnswered = (request: Request): string | undefined => answeredRoutes.get(request);

/** One line per request: never the query string, headers or body, which may carry credentials. */
export const accessLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  await next();
  const seconds = (performance.now() - started) / 1000;
  const { logger, metrics } = c.get('deps');
  const route = routePath(c);
  answeredRoutes.set(c.req.raw, route);
  metrics.observeRequest(route, c.req.method, c.res.status, seconds);
  logger.info('request', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    route,
    status: c.res.status,
    ms: Math.round(seconds * 10000) / 10,
    userId: c.get('user')?.id,
  });
});
