import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { requireUser } from '../../middleware/auth';
import { cacheableGet } from '../../middleware/etag';
import { pageQuery } from '../../schemas/posts';
import { listFeed } from '../../services/feed/list-feed';
import { validate } from '../../validation';

export const feedRoutes = new Hono<AppEnv>().get(
  '/',
  requireUser,
  cacheableGet,
  validate('query', pageQuery),
  async (c) => c.json(await listFeed(c.get('deps'), c.get('user'), c.req.valid('query'))),
);
