import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createDb } from '../db/client';
import { createNodeRealtimeHost } from '../realtime/src/node-host';
import { createJsonLogger } from '../worker/src/adapters/shared/json-logger';

// A Node realtime host alone in its own process, so the benchmark's clients do not share its event loop.
const { DATABASE_URL, PORT, REALTIME_SECRET } = process.env;
if (!DATABASE_URL || !PORT || !REALTIME_SECRET) throw new Error('DATABASE_URL, PORT and REALTIME_SECRET are required');

const database = await createDb({ driver: 'pg', url: DATABASE_URL });
const server = createServer();
const host = await createNodeRealtimeHost({
  server,
  db: database.db,
  secret: REALTIME_SECRET,
  logger: createJsonLogger('error'),
});
server.on(
  'request',
  getRequestListener(async (request) => (await host.handleRequest(request)) ?? new Response(null, { status: 404 })),
);
server.listen(Number(PORT), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', async () => {
  await host.close();
  server.close();
  await database.close();
  process.exit(0);
});
