import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createDb } from '../db/client';
import { createNodeRealtimeHost } from '../realtime/src/node-host';
import type { RoomName } from '../realtime/src/protocol';
import { createJsonLogger } from '../worker/src/adapters/shared/json-logger';
import { appendRoomEvent } from '../worker/src/services/realtime/event-log';
import { databaseRoomBackend } from '../worker/src/services/realtime/room-access';

// A Node realtime host alone in its own process, so the benchmark's clients do not share its event loop.
const { DATABASE_URL, PORT, REALTIME_SECRET } = process.env;
if (!DATABASE_URL || !PORT || !REALTIME_SECRET) throw new Error('DATABASE_URL, PORT and REALTIME_SECRET are required');

const database = await createDb({ driver: 'pg', url: DATABASE_URL });
const server = createServer();
const host = await createNodeRealtimeHost({
  server,
  backend: databaseRoomBackend(database.db),
  secret: REALTIME_SECRET,
  logger: createJsonLogger('error'),
});
// The API's side, as on the Node target: commit to the log, then hand the event to the rooms in-process.
// The commit instant is returned on the shared wall clock so the client process can measure from it.
async function publishForBench(request: Request): Promise<Response> {
  const room = new URL(request.url).searchParams.get('room') as RoomName;
  const event = await appendRoomEvent(database.db, room, 'comment.created', await request.json());
  const committedAt = performance.timeOrigin + performance.now();
  await host.publish(room, event);
  return Response.json({ seq: event.seq, committedAt });
}

server.on(
  'request',
  getRequestListener(async (request) => {
    if (new URL(request.url).pathname === '/bench/publish') return publishForBench(request);
    return (await host.handleRequest(request)) ?? new Response(null, { status: 404 });
  }),
);
server.listen(Number(PORT), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', async () => {
  await host.close();
  server.close();
  await database.close();
  process.exit(0);
});
