import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { requireUser } from '#worker/middleware/auth';
import { cacheableGet } from '#worker/middleware/etag';
import { pageQuery } from '#worker/schemas/posts';
import { listFeed } from '#worker/services/feed/list-feed';
import { validate } from '#worker/validation';

export const feedRoutes = new Hono<AppEnv>().get(
  '/',
  requireUser,
  cacheableGet,
  validate('query', pageQuery),
  async (c) => c.json(await listFeed(c.get('deps'), c.get('user'), c.req.valid('query'))),
);
