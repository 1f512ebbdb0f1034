import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { AppError } from '../errors';

const encodedNul = /%00/;

/**
 * PostgreSQL text cannot hold NUL, so a `%00` in a path or query would fail deep in a query as a 500
 * (or, on PGlite, hang). No route has a use for it: refuse it at the door.
 */
export const rejectNul = createMiddleware<AppEnv>(async (c, next) => {
  const url = c.req.url;
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  if (encodedNul.test(path)) throw new AppError('not_found', 'No such resource');
  if (queryStart !== -1 && encodedNul.test(url.slice(queryStart))) {
    throw new AppError('validation_failed', 'Validation failed', { query: ['must not contain NUL characters'] });
  }
  await next();
});
