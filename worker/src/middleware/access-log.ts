import type { Stage } from './exchange';

/**
 * One line and one observation per answer, built or replayed. Never the query string, headers or
 * body, which may carry credentials.
 */
export const accessLog: Stage = async (x, next) => {
  const started = performance.now();
  await next();
  const seconds = (performance.now() - started) / 1000;
  const { status, route, userId, cache } = x.answered();
  x.deps.metrics.observeRequest(route, x.method, status, seconds);
  x.deps.logger.info('request', {
    requestId: x.requestId,
    method: x.method,
    path: x.path,
    route,
    status,
    userId,
    cache,
    ms: Math.round(seconds * 10000) / 10,
  });
};
