import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context } from 'hono';
import { createNodeRealtimeHost } from '#realtime/node-host';
import type { Database, Logger, Metrics, RealtimePublisher } from '#worker/ports';
import { realtimeLogRetentionMs, trimRoomEvents } from '#worker/services/realtime/event-log';
import { databaseRoomBackend } from '#worker/services/realtime/room-access';
import { createLocalRealtimePublisher } from './realtime-local-publisher';

export interface NodeRoomsOptions {
  db: Database;
  secret: string;
  /** Several Node instances share rooms through Redis; embedded passes none. */
  redisUrl?: string;
  logger: Logger;
  metrics: Metrics;
}

export interface NodeRooms {
  /** deps.realtime for this process. */
  publisher: RealtimePublisher;
  /** Mount on `/parties/*`: the API-to-room publish for outside publishers. */
  route(c: Context): Promise<Response>;
  /** Pass to the http server's `upgrade` event. */
  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Trims the catch-up log; run it from the Scheduler. */
  trim(): Promise<void>;
  close(): Promise<void>;
}

/** Everything the Node and embedded entries need for realtime, in one call. */
export async function startNodeRooms(options: NodeRoomsOptions): Promise<NodeRooms> {
  const { db, logger } = options;
  const host = await createNodeRealtimeHost({
    backend: databaseRoomBackend(db),
    secret: options.secret,
    logger,
    ...(options.redisUrl ? { redis: { url: options.redisUrl } } : {}),
  });
  return {
    publisher: createLocalRealtimePublisher({ db, logger, metrics: options.metrics }, host),
    route: async (c) => (await host.handleRequest(c.req.raw)) ?? c.notFound(),
    onUpgrade(req, socket, head) {
      if (!host.handleUpgrade(req, socket, head)) socket.destroy();
    },
    async trim() {
      const removed = await trimRoomEvents(db, new Date(Date.now() - realtimeLogRetentionMs));
      if (removed > 0) logger.info('realtime log trimmed', { removed });
    },
    close: () => host.close(),
  };
}
