import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { readPreview } from '#worker/services/posts';

/**
 * A draft opened through its secret preview link, signed in or not. Never cached or indexed, and
 * the token never leaks through a Referer header to the links the draft contains.
 */
export const previewRoutes = new Hono<AppEnv>().get('/:token', async (c) => {
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
  c.header('Referrer-Policy', 'no-referrer');
  const preview = await readPreview(c.get('deps'), c.req.param('token'));
  return c.json({ ...preview, preview: true });
});
