import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { RoomName } from '#realtime/protocol';
import { verifyServerToken } from '#realtime/tokens';
import type { AppEnv } from '#worker/app-env';
import { AppError } from '#worker/errors';
import { requireUser } from '#worker/middleware/auth';
import { roomEventsSince } from '#worker/services/realtime/event-log';
import { postIsPublic } from '#worker/services/realtime/room-access';
import { issueRoomTicket } from '#worker/services/realtime/tickets';
import { validate } from '#worker/validation';
import { eventsQuery, postParams, roomParams, ticketBody } from './schemas';

/**
 * Routes only room hosts call (PartyKit rooms have no database): a bearer token signed with
 * REALTIME_SECRET for the very room concerned.
 */
const requireRoomHost = createMiddleware<AppEnv>(async (c, next) => {
  const party = c.req.param('party') ?? 'post';
  const room = `${party}/${c.req.param('id')}` as RoomName;
  const { config, clock } = c.get('deps');
  if (
    !(await verifyServerToken(config.realtime.secret, c.req.header('authorization'), 'internal', room, clock.now()))
  ) {
    throw new AppError('unauthenticated', 'A room token is required');
  }
  c.header('Cache-Control', 'no-store');
  await next();
});

export const realtimeRoutes = new Hono<AppEnv>()
  .post('/ticket', requireUser, validate('json', ticketBody), async (c) => {
    const { room } = c.req.valid('json');
    return c.json(await issueRoomTicket(c.get('deps'), c.get('user'), room as RoomName));
  })
  .get(
    '/rooms/:party/:id/events',
    validate('param', roomParams),
    requireRoomHost,
    validate('query', eventsQuery),
    async (c) => {
      const { party, id } = c.req.valid('param');
      const { since, limit } = c.req.valid('query');
      return c.json(await roomEventsSince(c.get('deps').db, `${party}/${id}`, since, limit));
    },
  )
  .get('/rooms/post/:id/public', validate('param', postParams), requireRoomHost, async (c) => {
    const { db, clock } = c.get('deps');
    return c.json({ public: await postIsPublic(db, c.req.valid('param').id, clock.now()) });
  });
