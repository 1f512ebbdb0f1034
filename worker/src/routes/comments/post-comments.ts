import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { optionalUser, requireUser } from '#worker/middleware/auth';
import { cacheableGet } from '#worker/middleware/etag';
import { commentCreateRateLimit } from '#worker/middleware/route-rate-limits';
import { createCommentBody, listCommentsQuery } from '#worker/schemas/comments';
import { createComment } from '#worker/services/comments/create-comment';
import { listComments } from '#worker/services/comments/list-comments';
import { validate } from '#worker/validation';

/** `/api/posts/:slug/comments`, mounted before the posts routes so that they need not know of it. */
export const postCommentsRoutes = new Hono<AppEnv>()
  .get('/:slug/comments', optionalUser, cacheableGet, validate('query', listCommentsQuery), async (c) => {
    const page = await listComments(c.get('deps'), c.get('user'), c.req.param('slug'), c.req.valid('query'));
    return c.json(page, 200);
  })
  .post('/:slug/comments', requireUser, commentCreateRateLimit, validate('json', createCommentBody), async (c) => {
    const comment = await createComment(c.get('deps'), c.get('user'), c.req.param('slug'), c.req.valid('json'));
    return c.json({ comment }, 201);
  });
