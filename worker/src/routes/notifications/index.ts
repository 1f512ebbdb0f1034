import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { requireUser } from '#worker/middleware/auth';
import { listNotificationsQuery } from '#worker/schemas/notifications';
import { countUnread, listNotifications } from '#worker/services/notifications/list-notifications';
import { markAllRead, markRead } from '#worker/services/notifications/mark-read';
import { validate } from '#worker/validation';

/** `/api/notifications`: the caller's own notifications only. */
export const notificationsRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', validate('query', listNotificationsQuery), async (c) => {
    return c.json(await listNotifications(c.get('deps'), c.get('user'), c.req.valid('query')), 200);
  })
  .get('/unread-count', async (c) => {
    return c.json({ count: await countUnread(c.get('deps').db, c.get('user').id) }, 200);
  })
  .post('/read-all', async (c) => {
    await markAllRead(c.get('deps'), c.get('user'));
    return c.body(null, 204);
  })
  .post('/:id/read', async (c) => {
    await markRead(c.get('deps'), c.get('user'), c.req.param('id'));
    return c.body(null, 204);
  });
