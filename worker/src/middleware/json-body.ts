import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { AppError } from '../errors';
import { nodeIncoming, readNodeBody } from './node-body';

const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);

/** Paths (as in validation details) of the strings and keys in `value` that hold a NUL character. */
function nulPaths(value: unknown, path: string[] = [], found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path.join('.') || '_');
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) nulPaths(item, [...path, String(i)], found);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push([...path, key].join('.'));
      nulPaths(item, [...path, key], found);
    }
  }
  return found;
}

/**
 * PostgreSQL text cannot hold NUL (U+0000): a string with one would fail deep in a query. No field
 * has a use for it, so any body holding one is refused here with the fields named.
 */
function refuseNul(value: unknown) {
  const paths = nulPaths(value);
  if (paths.length === 0) return;
  const details = Object.fromEntries(paths.map((path) => [path, ['must not contain NUL characters']]));
  throw new AppError('validation_failed', 'Validation failed', details);
}

/**
 * API writes speak JSON: a body of another type answers 415, malformed JSON 400, a NUL character in
 * any string 422. Routes that take multipart (media) or no body at all are unaffected.
 */
export const requireJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  if (!bodyMethods.has(c.req.method)) return next();
  const length = c.req.header('content-length');
  const type = c.req.header('content-type') ?? '';
  const incoming = nodeIncoming(c);
  // A declared length decides. Without one, a web Request made in-process (tests, a Worker's
  // subrequest) may still carry a body; @hono/node-server gives every POST a stream, even an empty one.
  const hasBody =
    length !== undefined
      ? length !== '0'
      : c.req.header('transfer-encoding') !== undefined || (!incoming && c.req.raw.body !== null);
  if (!hasBody) return next();
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the request body as application/json');
  }
  let parsed: unknown;
  try {
    if (incoming) {
      const text = await readNodeBody(incoming, c.get('deps').config.bodyLimitBytes);
      parsed = JSON.parse(text);
      // Hono's own cache of the body, which its json() parses: validators and handlers read it there.
      (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
    } else {
      // Read as text first: Hono keeps the exact bytes, which a signed webhook's check needs.
      parsed = JSON.parse(await c.req.text());
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_json', 'Request body is not valid JSON');
  }
  refuseNul(parsed);
  await next();
});
