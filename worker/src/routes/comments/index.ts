import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { requireUser } from '#worker/middleware/auth';
import { updateCommentBody } from '#worker/schemas/comments';
import { deleteComment } from '#worker/services/comments/delete-comment';
import { updateComment } from '#worker/services/comments/update-comment';
import { validate } from '#worker/validation';

/** `/api/comments/:id`: changes to one comment. Listing and creating live under the post. */
export const commentsRoutes = new Hono<AppEnv>()
  .patch('/:id', requireUser, validate('json', updateCommentBody), async (c) => {
    const comment = await updateComment(c.get('deps'), c.get('user'), c.req.param('id'), c.req.valid('json'));
    return c.json({ comment }, 200);
  })
  .delete('/:id', requireUser, async (c) => {
    await deleteComment(c.get('deps'), c.get('user'), c.req.param('id'));
    return c.body(null, 204);
  });
