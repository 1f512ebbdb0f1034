import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { AppEnv } from '../app-env';
import type { Deps } from '../ports';

const answeredRoutes = new WeakMap<Request, string>();

/** The route pattern that answered `request`, for a layer in front of the app that keeps answers. */
export const routeThatAnswered = (request: Request): string | undefined => answeredRoutes.get(request);

/** One answered request, as the access log and the request metrics see it. */
export interface AnsweredRequest {
  requestId: string;
  method: string;
  path: string;
  route: string;
  status: number;
  seconds: number;
  userId?: string;
  /** Set when the answer was replayed from memory (server/hot-responses.ts) rather than built. */
  cache?: 'hot';
}

/**
 * Logs and counts one answer: the only place both happen, for the app's pipeline and for the Node
 * replay layer in front of it. Never the query string, headers or body, which may carry credentials.
 */
export function recordRequest({ logger, metrics }: Pick<Deps, 'logger' | 'metrics'>, answered: AnsweredRequest) {
  const { seconds, ...fields } = answered;
  metrics.observeRequest(answered.route, answered.method, answered.status, seconds);
  logger.info('request', { ...fields, ms: Math.round(seconds * 10000) / 10 });
}

/** One line and one observation per request the app answers. */
export const accessLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  await next();
  const route = routePath(c);
  answeredRoutes.set(c.req.raw, route);
  recordRequest(c.get('deps'), {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    route,
    status: c.res.status,
    seconds: (performance.now() - started) / 1000,
    userId: c.get('user')?.id,
  });
});
