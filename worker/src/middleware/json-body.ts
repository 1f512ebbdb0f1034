import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { AppError } from '../errors';
import { nodeIncoming, readNodeBody } from './node-body';

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
  const incoming = nodeIncoming(c);
  try {
    if (incoming) {
      const text = await readNodeBody(incoming, c.get('deps').config.bodyLimitBytes);
      JSON.parse(text);
      // Hono's own cache of the body, which its json() parses: validators and handlers read it there.
      (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
    } else {
      await c.req.json();
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_json', 'Request body is not valid JSON');
  }
  await next();
});
