import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createRedisRoomBus, presenceHeartbeatMs } from './node/redis-room-bus';
import { createLocalRoomBus, type RoomBus } from './node/room-bus';
import { socketConnection } from './node/socket-connection';
import { isRoomId, type Party, parties, type RoomName, type SequencedEvent } from './protocol';
import { acceptPublish } from './rooms/admission';
import type { EventRoom } from './rooms/event-room';
import { defaultRoomLimits, type RoomBackend, type RoomLimits, type RoomLogger } from './rooms/host';
import { PostRoom } from './rooms/post';
import { UserRoom } from './rooms/user';

export interface NodeRealtimeHostOptions {
  /** When given, the host answers WebSocket upgrades on /parties/* of this server itself. */
  server?: Server;
  /** The catch-up log and post visibility: the API's database on Node (worker `databaseRoomBackend`). */
  backend: RoomBackend;
  /** REALTIME_SECRET, shared with the API. */
  secret: string;
  /** Several instances: Redis joins their copies of each room. Absent: everything in-process. */
  redis?: { url: string; keyPrefix?: string; heartbeatMs?: number };
  /** How often each open room recounts its readers across instances (see `presenceBoundMs`). */
  presenceRefreshMs?: number;
  logger: RoomLogger;
  limits?: Partial<RoomLimits>;
  /** A socket whose unsent data passes this is dropped as a slow consumer. */
  maxBufferedBytes?: number;
  now?: () => Date;
}

export interface NodeRealtimeHost {
  /** Answers the API's publish (`POST /parties/<party>/<room>`); null for any other path. */
  handleRequest(request: Request): Promise<Response | null>;
  /** Takes over an upgrade of /parties/<party>/<room>; returns false (socket untouched) for any other path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** In-process publish of an already logged event (the Node and embedded publisher). */
  publish(room: RoomName, event: SequencedEvent): Promise<void>;
  close(): Promise<void>;
}

const roomClasses = { post: PostRoom, user: UserRoom } as const;

/** Each open room recounts its readers this often. */
const presenceRefreshMs = 5_000;

/**
 * The longest a dead instance's readers stay counted: its heartbeat key outlives its last beat by
 * `presenceHeartbeatMs * 3` (15 s), and the next recount (≤ 5 s) drops it. Stated in ADR 0060.
 */
export const presenceBoundMs = presenceHeartbeatMs * 3 + presenceRefreshMs;

interface LocalRoom {
  room: EventRoom;
  sockets: number;
  closed: boolean;
  /** Called once the last socket has gone and the room has been released. */
  drained?: () => void;
}

function parsePartyPath(pathname: string): { party: Party; id: string } | null | 'unknown' {
  const match = /^\/parties\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  const [, party, id] = match as unknown as [string, string, string];
  if (!(parties as readonly string[]).includes(party) || !isRoomId(id)) return 'unknown';
  return { party: party as Party, id };
}

function writeRefusal(socket: Duplex, response: Response, body: string) {
  socket.end(
    `HTTP/1.1 ${response.status} ${response.statusText || 'Refused'}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Hosts the PartyKit room classes on Node `ws` at /parties/:party/:room, so the browser's
 * partysocket code is the same on every target. See docs/decisions/0060-realtime-rooms-sequencing-and-hosts.md.
 */
export async function createNodeRealtimeHost(options: NodeRealtimeHostOptions): Promise<NodeRealtimeHost> {
  const { backend, secret, logger } = options;
  const now = options.now ?? (() => new Date());
  const limits = { ...defaultRoomLimits, ...options.limits };
  const env = { REALTIME_SECRET: secret };
  const bus: RoomBus = options.redis ? await createRedisRoomBus({ ...options.redis, logger }) : createLocalRoomBus();
  // ws closes frames far over the room's own limit (1009) before buffering them whole.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes * 4 });
  const rooms = new Map<RoomName, Promise<LocalRoom>>();
  // Readers of an instance that died drop out of every count within presenceBoundMs (heartbeat TTL + this).
  const recount = setInterval(() => {
    for (const opening of rooms.values()) {
      void opening.then((local) => (local.closed ? undefined : local.room.refreshPresence())).catch(() => {});
    }
  }, options.presenceRefreshMs ?? presenceRefreshMs);
  recount.unref();

  function openRoom(party: Party, id: string): Promise<LocalRoom> {
    const name: RoomName = `${party}/${id}`;
    const existing = rooms.get(name);
    if (existing) return existing;
    const opening = (async () => {
      const transport = {
        fanOut: (message: Parameters<RoomBus['publish']>[1]) => bus.publish(name, message),
        presence: (count: number) => bus.presence(name, count),
      };
      const room = new roomClasses[party]({ id, name: party, env }, { transport, backend, logger, limits, now });
      await bus.subscribe(name, (message) => void room.receive(message));
      await room.onStart();
      return { room, sockets: 0, closed: false };
    })();
    rooms.set(name, opening);
    opening.catch(() => rooms.delete(name));
    return opening;
  }

  async function releaseRoom(name: RoomName, local: LocalRoom) {
    if (local.sockets > 0 || local.closed) return;
    local.closed = true;
    rooms.delete(name);
    await bus.unsubscribe(name).catch(() => {});
    local.drained?.();
  }

  async function acquireRoom(party: Party, id: string): Promise<LocalRoom> {
    for (;;) {
      const local = await openRoom(party, id);
      if (!local.closed) return local;
    }
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, party: Party, id: string) {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, { headers });
    const admitted = await roomClasses[party].onBeforeConnect(request, { id, env });
    if (admitted instanceof Response) return writeRefusal(socket, admitted, await admitted.text());
    const local = await acquireRoom(party, id);
    local.sockets += 1;
    let upgraded = false;
    // A handshake ws rejects never reaches the callback: give the room its count back.
    socket.once('close', () => {
      if (upgraded) return;
      local.sockets -= 1;
      void releaseRoom(`${party}/${id}`, local);
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      const conn = socketConnection(ws, randomUUID(), options.maxBufferedBytes ?? 1024 * 1024, logger);
      ws.on('message', (data, isBinary) => {
        const raw = isBinary ? new Uint8Array(data as Buffer) : data.toString();
        void local.room.onMessage(raw, conn);
      });
      ws.on('error', () => ws.terminate());
      ws.once('close', () => {
        local.sockets -= 1;
        void local.room.onClose(conn).then(() => releaseRoom(`${party}/${id}`, local));
      });
      void local.room.onConnect(conn, { request: admitted });
    });
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const target = parsePartyPath(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (target === null) return false;
    // Node's HTTP server stops watching an upgraded socket, and ws starts only once admission is
    // done: a client that resets in between must not take the process down with it.
    socket.on('error', () => socket.destroy());
    if (target === 'unknown') {
      writeRefusal(socket, new Response(null, { status: 404, statusText: 'Not Found' }), 'No such room');
      return true;
    }
    upgrade(req, socket, head, target.party, target.id).catch((error) => {
      logger.error('realtime upgrade failed', { error: String(error) });
      socket.destroy();
    });
    return true;
  }

  const onServerUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => void handleUpgrade(req, socket, head);
  options.server?.on('upgrade', onServerUpgrade);

  return {
    async handleRequest(request) {
      const target = parsePartyPath(new URL(request.url).pathname);
      if (target === null) return null;
      if (target === 'unknown')
        return Response.json({ error: { code: 'not_found', message: 'No such room' } }, { status: 404 });
      const room: RoomName = `${target.party}/${target.id}`;
      const accepted = await acceptPublish(room, request, secret);
      if ('response' in accepted) return accepted.response;
      await bus.publish(room, { kind: 'event', event: accepted.event });
      return Response.json({ accepted: accepted.event.seq }, { status: 202 });
    },
    handleUpgrade,
    publish: (room, event) => bus.publish(room, { kind: 'event', event }),
    async close() {
      clearInterval(recount);
      options.server?.off('upgrade', onServerUpgrade);
      // Let the rooms see their sockets go (presence) before the bus they report to closes.
      const closing = [...rooms.values()].map(async (opening) => {
        const local = await opening.catch(() => undefined);
        if (local) await new Promise<void>((resolve) => (local.drained = resolve));
      });
      // 1012 "service restart": come back (partysocket reconnects, another instance answers, sync catches up).
      for (const client of wss.clients) client.close(1012, 'Server restarting, reconnect');
      await Promise.race([Promise.all(closing), new Promise((resolve) => setTimeout(resolve, 2000))]);
      wss.close();
      await bus.close();
    },
  };
}
