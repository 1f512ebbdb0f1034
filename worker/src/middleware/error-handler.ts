import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isDatabaseUnavailable } from '#db/unavailable';
import type { AppEnv } from '../app-env';
import { AppError, type ErrorCode, statusOf } from '../errors';

/** Seconds a client should wait before trying again while the database is away. */
export const databaseRetryAfterSeconds = 2;

const databaseUnavailable = () =>
  new AppError('service_unavailable', 'The database is unavailable; try again shortly', undefined, {
    'Retry-After': String(databaseRetryAfterSeconds),
  });

function errorBody(c: Context<AppEnv>, code: ErrorCode, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ? { details } : {}), requestId: c.get('requestId') } };
}

export function sendError(c: Context<AppEnv>, error: AppError) {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json(errorBody(c, error.code, error.message, error.details), statusOf[error.code]);
}

/** The single place where failures become responses; unknown errors are reported, never shown. */
export function handleError(error: Error, c: Context<AppEnv>) {
  if (error instanceof AppError) return sendError(c, error);
  if (error instanceof HTTPException && error.status === 413) {
    return sendError(c, new AppError('payload_too_large', 'Request body is too large'));
  }
  if (error instanceof HTTPException && error.status < 500) {
    return sendError(c, new AppError(error.status === 401 ? 'unauthenticated' : 'invalid_json', error.message));
  }
  if (isDatabaseUnavailable(error)) {
    // Not a bug: the same request succeeds once the database is back (a restart, a failover).
    c.get('deps').logger.warn('database unavailable', { requestId: c.get('requestId'), error: error.message });
    return sendError(c, databaseUnavailable());
  }
  reportUnexpected(c, error, 'unhandled error');
  return c.json(errorBody(c, 'internal', 'Something went wrong'), 500);
}

/** Logs an error nobody expected, with the request it broke, and sends it to the error reporter. */
export function reportUnexpected(c: Context<AppEnv>, error: unknown, message: string) {
  const { logger, errorReporter } = c.get('deps');
  const context = { requestId: c.get('requestId'), userId: c.get('user')?.id, method: c.req.method, path: c.req.path };
  const detail = error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
  logger.error(message, { ...context, ...detail });
  errorReporter.capture(error, context);
}
