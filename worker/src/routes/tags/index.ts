import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { cachedForAnonymous, publicTtl } from '#worker/cache/public-content';
import { optionalUser } from '#worker/middleware/auth';
import { cacheableGet } from '#worker/middleware/etag';
import { listPostsQuery, listTagsQuery, tagSlug } from '#worker/schemas/posts';
import { listPosts } from '#worker/services/posts';
import { findTagBySlug, listTags } from '#worker/services/tags/list-tags';
import { validate } from '#worker/validation';

const tagPostsQuery = listPostsQuery.pick({ sort: true, limit: true, cursor: true });

export const tagsRoutes = new Hono<AppEnv>()
  .get('/', optionalUser, cacheableGet, validate('query', listTagsQuery), async (c) => {
    const { limit } = c.req.valid('query');
    return c.json({
      items: await cachedForAnonymous(c, `tags:${limit}`, publicTtl.tags, () => listTags(c.get('deps'), limit)),
    });
  })
  .get('/:slug/posts', optionalUser, cacheableGet, validate('query', tagPostsQuery), async (c) => {
    const { sort, ...page } = c.req.valid('query');
    const slug = tagSlug(c.req.param('slug'));
    const load = async () => {
      const tag = await findTagBySlug(c.get('deps').db, slug);
      return listPosts(c.get('deps'), c.get('user'), { tagSlug: tag.slug }, sort, page);
    };
    if (page.cursor) return c.json(await load());
    return c.json(await cachedForAnonymous(c, `tag-posts:${slug}:${sort}:${page.limit}`, publicTtl.list, load));
  });
