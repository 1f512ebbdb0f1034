import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { optionalUser } from '#worker/middleware/auth';
import { cacheableGet } from '#worker/middleware/etag';
import { searchQuery } from '#worker/schemas/posts';
import { searchPosts } from '#worker/services/search/search-posts';
import { validate } from '#worker/validation';

export const searchRoutes = new Hono<AppEnv>().get(
  '/',
  optionalUser,
  cacheableGet,
  validate('query', searchQuery),
  async (c) => {
    const { q, ...page } = c.req.valid('query');
    return c.json(await searchPosts(c.get('deps'), c.get('user'), q, page));
  },
);
