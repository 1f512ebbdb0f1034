import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { optionalUser } from '../../middleware/auth';
import { cacheableGet } from '../../middleware/etag';
import { searchQuery } from '../../schemas/posts';
import { searchPosts } from '../../services/search/search-posts';
import { validate } from '../../validation';

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
