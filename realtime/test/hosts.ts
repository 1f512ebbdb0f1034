import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { posts } from '#db/schema';
import type { Database } from '#db/types';
import { createTestDeps, testConfig } from '#test/deps';
import { type CreatedUser, createUser, uniqueSuffix } from '#test/factories';
import { createTestDatabase, type TestDatabase } from '#test/postgres';
import { freePort, type StartedProcess, startProcess } from '#test/processes';
import { createLocalRealtimePublisher } from '#worker/adapters/node/realtime-local-publisher';
import { createJsonLogger } from '#worker/adapters/shared/json-logger';
import { noMetrics } from '#worker/adapters/shared/noop';
import { createHttpRealtimePublisher } from '#worker/adapters/shared/realtime-http-publisher';
import { createApp } from '#worker/app';
import type { Deps, RealtimePublisher } from '#worker/ports';
import { enqueueRoomEvents } from '#worker/services/realtime/outbox';
import { databaseRoomBackend } from '#worker/services/realtime/room-access';
import { createNodeRealtimeHost, type NodeRealtimeHost, type NodeRealtimeHostOptions } from '../src/node-host';
import type { RoomEventType } from '../src/protocol';

export const secret = testConfig.realtime.secret;
export const logger = createJsonLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'error');

/** Limits small enough for tests to reach; the grace period short so a sync-less reader is not kept waiting. */
export const testLimits = { maxMessageBytes: 1024, burst: 10, perSecond: 2, syncGraceMs: 300 };

export interface RealtimeTarget {
  name: string;
  /** `host:port` for partysocket. */
  host: string;
  apiUrl: string;
  db: Database;
  deps: Deps;
  publisher: RealtimePublisher;
  close(): Promise<void>;
}

/** Puts an event in the outbox as a write would (ADR 0101), and relays it through the target's publisher. */
export async function publishThrough(
  target: Pick<RealtimeTarget, 'db' | 'publisher'>,
  room: string,
  event: { type: string; data: unknown },
): Promise<void> {
  await enqueueRoomEvents(target.db, [{ room, type: event.type as RoomEventType, data: event.data }]);
  await target.publisher.relay();
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: Server) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** The API (and, when given, a realtime host) on one Node http server, as entry.node.ts serves them. */
export async function startApi(
  db: Database,
  realtime: RealtimePublisher,
  host?: NodeRealtimeHost,
  server = createServer(),
) {
  const deps = await createTestDeps(db, { realtime });
  const app = createApp(deps);
  server.on(
    'request',
    getRequestListener(async (request) => (await host?.handleRequest(request)) ?? app.fetch(request)),
  );
  const address = await listen(server);
  return { deps, server, address, close: () => closeServer(server) };
}

/** Starts a Node realtime host and the API on one server, with the in-process publisher, over `db`. */
export async function startNodeTarget(
  database: TestDatabase,
  options: Partial<NodeRealtimeHostOptions> = {},
): Promise<RealtimeTarget & { realtime: NodeRealtimeHost }> {
  const server = createServer();
  const db = database.handle.db;
  const realtime = await createNodeRealtimeHost({
    server,
    backend: databaseRoomBackend(db, options.now),
    secret,
    logger,
    limits: testLimits,
    ...options,
  });
  const publisher = createLocalRealtimePublisher({ db, logger, metrics: noMetrics }, realtime);
  const api = await startApi(db, publisher, realtime, server);
  return {
    name: 'Node host',
    host: api.address,
    apiUrl: `http://${api.address}`,
    db,
    deps: api.deps,
    publisher,
    realtime,
    async close() {
      await realtime.close();
      await api.close();
    },
  };
}

async function waitForAnyAnswer(url: string, started: StartedProcess, timeoutMs: number) {
  const begin = Date.now();
  while (Date.now() - begin < timeoutMs) {
    if (started.child.exitCode !== null) throw new Error(`partykit dev exited:\n${started.output()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`partykit dev did not start:\n${started.output()}`);
}

/** Runs real `partykit dev` on `port`, its rooms reaching the API at `apiUrl` for logs and post status. */
export async function startPartykitDev(port: number, apiUrl: string): Promise<StartedProcess> {
  const partykit = startProcess(
    'npx',
    [
      'partykit',
      'dev',
      '--port',
      String(port),
      '--no-hotkeys',
      '--persist',
      `/tmp/edgepress-partykit-${process.pid}-${uniqueSuffix()}`,
      '--var',
      `REALTIME_SECRET=${secret}`,
      `API_URL=${apiUrl}`,
    ],
    {},
  );
  await waitForAnyAnswer(`http://127.0.0.1:${port}/parties/main/none`, partykit, 45_000);
  return partykit;
}

/** Runs real `partykit dev` on a free port, its rooms reaching the API (started here too) over HTTP. */
export async function startPartykitTarget(database: TestDatabase): Promise<RealtimeTarget> {
  const db = database.handle.db;
  const port = await freePort();
  const publisher = createHttpRealtimePublisher(
    { db, logger, metrics: noMetrics },
    { url: `http://127.0.0.1:${port}`, secret },
  );
  const api = await startApi(db, publisher);
  const partykit = await startPartykitDev(port, `http://${api.address}`);
  return {
    name: 'partykit dev',
    host: `127.0.0.1:${port}`,
    apiUrl: `http://${api.address}`,
    db,
    deps: api.deps,
    publisher,
    async close() {
      await partykit.stop();
      await api.close();
    },
  };
}

export { createTestDatabase };

/** A post written directly (the posts service is another suite's subject). */
export async function insertPost(db: Database, author: CreatedUser, status: 'draft' | 'published' = 'published') {
  const suffix = uniqueSuffix();
  const [post] = await db
    .insert(posts)
    .values({
      authorId: author.user.id,
      slug: `realtime-${suffix}`,
      title: `Realtime ${suffix}`,
      body: 'Body',
      html: '<p>Body</p>',
      status,
      publishedAt: status === 'published' ? new Date(Date.now() - 1000) : null,
    })
    .returning();
  if (!post) throw new Error('insertPost: nothing returned');
  return post;
}

/** Asks the API for a ticket, as the web app does before each (re)connect. */
export async function requestTicket(apiUrl: string, user: CreatedUser, room: string): Promise<string> {
  const response = await fetch(`${apiUrl}/api/realtime/ticket`, {
    method: 'POST',
    headers: { ...user.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ room }),
  });
  if (response.status !== 200) throw new Error(`ticket: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { ticket: string }).ticket;
}

export { createUser };
