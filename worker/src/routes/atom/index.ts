import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '#worker/app-env';
import { cacheableGet } from '#worker/middleware/etag';
import { errorResponse } from '#worker/openapi/responses';
import { tagSlug } from '#worker/schemas/posts';
import { usernameParam } from '#worker/schemas/users';
import { authorFeed, siteFeed, tagFeed } from '#worker/services/atom/post-feeds';
import { validate } from '#worker/validation';
import { answerPublicDocument } from '../public-document';

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

/** Atom feeds for feed readers: the same posts whoever asks. */
export const atomRoutes = new Hono<AppEnv>()
  .get('/posts', feedDoc('Latest posts of the site'), cacheableGet, (c) =>
    answerPublicDocument(c, 'atom:site', atomType, () => siteFeed(c.get('deps'))),
  )
  .get(
    '/users/:username',
    feedDoc('Latest posts of an author', '`not_found`: no such user'),
    cacheableGet,
    validate('param', usernameParam),
    (c) => {
      const { username } = c.req.valid('param');
      return answerPublicDocument(c, `atom:user:${username}`, atomType, () => authorFeed(c.get('deps'), username));
    },
  )
  .get('/tags/:slug', feedDoc('Latest posts with a tag', '`not_found`: no such tag'), cacheableGet, (c) => {
    const slug = tagSlug(c.req.param('slug'));
    return answerPublicDocument(c, `atom:tag:${slug}`, atomType, () => tagFeed(c.get('deps'), slug));
  });
