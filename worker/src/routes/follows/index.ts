import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { requireUser } from '#worker/middleware/auth';
import { followUser, unfollowUser } from '#worker/services/follows/follow-user';

/** `/api/users/:username/follow`: idempotent follow and unfollow. */
export const followsRoutes = new Hono<AppEnv>()
  .post('/:username/follow', requireUser, async (c) => {
    return c.json(await followUser(c.get('deps'), c.get('user'), c.req.param('username')), 200);
  })
  .delete('/:username/follow', requireUser, async (c) => {
    return c.json(await unfollowUser(c.get('deps'), c.get('user'), c.req.param('username')), 200);
  });
