import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../../app-env';
import { cachedForAnonymous, publicTtl } from '../../cache/public-content';
import { cacheableGet } from '../../middleware/etag';
import { errorResponse } from '../../openapi/responses';
import { tagSlug } from '../../schemas/posts';
import { usernameParam } from '../../schemas/users';
import { authorFeed, siteFeed, tagFeed } from '../../services/atom/post-feeds';
import { validate } from '../../validation';

const atomType = 'application/atom+xml; charset=utf-8';
const atomResponse = {
  description: 'An Atom 1.0 feed of the latest live posts',
  content: { 'application/atom+xml': {} },
};
const feedDoc = (summary: string, notFound?: string) =>
  describeRoute({
    tags: ['feeds'],
    summary,
    responses: {
      200: atomResponse,
      304: { description: 'Not modified' },
      ...(notFound ? { 404: errorResponse(notFound) } : {}),
    },
  });

/** Atom feeds for feed readers: the same posts (and the same cache) whoever asks, never personal. */
export const atomRoutes = new Hono<AppEnv>()
  .get('/posts', feedDoc('Latest posts of the site'), cacheableGet, async (c) =>
    c.body(await cachedForAnonymous(c, 'atom:site', publicTtl.list, () => siteFeed(c.get('deps'))), 200, {
      'Content-Type': atomType,
    }),
  )
  .get(
    '/users/:username',
    feedDoc('Latest posts of an author', '`not_found`: no such user'),
    cacheableGet,
    validate('param', usernameParam),
    async (c) => {
      const { username } = c.req.valid('param');
      const feed = await cachedForAnonymous(c, `atom:user:${username}`, publicTtl.list, () =>
        authorFeed(c.get('deps'), username),
      );
      return c.body(feed, 200, { 'Content-Type': atomType });
    },
  )
  .get('/tags/:slug', feedDoc('Latest posts with a tag', '`not_found`: no such tag'), cacheableGet, async (c) => {
    const slug = tagSlug(c.req.param('slug'));
    const feed = await cachedForAnonymous(c, `atom:tag:${slug}`, publicTtl.list, () => tagFeed(c.get('deps'), slug));
    return c.body(feed, 200, { 'Content-Type': atomType });
  });
