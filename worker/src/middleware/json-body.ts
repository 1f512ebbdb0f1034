import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { AppError } from '../errors';

const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);

/**
 * API writes speak JSON: a body of another type answers 415, malformed JSON 400. Routes that take
 * multipart (media) or no body at all are unaffected.
 */
export const requireJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  if (!bodyMethods.has(c.req.method)) return next();
  const length = c.req.header('content-length');
  const type = c.req.header('content-type') ?? '';
  const hasBody = (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
  if (!hasBody) return next();
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the request body as application/json');
  }
  try {
    await c.req.json();
  } catch {
    throw new AppError('invalid_json', 'Request body is not valid JSON');
  }
  await next();
});
