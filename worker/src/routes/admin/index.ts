import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { requireAdmin } from '#worker/middleware/auth';
import { usernameParam } from '#worker/schemas/users';
import { getAccountState } from '#worker/services/users/account-state';
import { suspendUser, unsuspendUser } from '#worker/services/users/suspension';
import { validate } from '#worker/validation';

export const adminRoutes = new Hono<AppEnv>()
  .get('/users/:username', requireAdmin, validate('param', usernameParam), async (c) => {
    c.header('Cache-Control', 'private, no-store');
    return c.json({ account: await getAccountState(c.get('deps').db, c.req.valid('param').username) }, 200);
  })
  .post('/users/:username/suspend', requireAdmin, validate('param', usernameParam), async (c) => {
    await suspendUser(c.get('deps'), c.get('user'), c.req.valid('param').username);
    return c.body(null, 204);
  })
  .post('/users/:username/unsuspend', requireAdmin, validate('param', usernameParam), async (c) => {
    await unsuspendUser(c.get('deps'), c.req.valid('param').username);
    return c.body(null, 204);
  });
