import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { optionalUser } from '../../middleware/auth';
import { cacheableGet } from '../../middleware/etag';
import { listPostsQuery, listTagsQuery, tagSlug } from '../../schemas/posts';
import { listPosts } from '../../services/posts';
import { findTagBySlug, listTags } from '../../services/tags/list-tags';
import { validate } from '../../validation';

const tagPostsQuery = listPostsQuery.pick({ sort: true, limit: true, cursor: true });

export const tagsRoutes = new Hono<AppEnv>()
  .get('/', optionalUser, cacheableGet, validate('query', listTagsQuery), async (c) => {
    return c.json({ items: await listTags(c.var.deps, c.req.valid('query').limit) });
  })
  .get('/:slug/posts', optionalUser, cacheableGet, validate('query', tagPostsQuery), async (c) => {
    const { sort, ...page } = c.req.valid('query');
    const tag = await findTagBySlug(c.var.deps.db, tagSlug(c.req.param('slug')));
    return c.json(await listPosts(c.var.deps, c.var.user, { tagSlug: tag.slug }, sort, page));
  });
