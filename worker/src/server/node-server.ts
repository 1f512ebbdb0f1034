import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from '../ports';

export interface NodeServerOptions {
  app: Hono<never>;
  host: string;
  port: number;
  logger: Logger;
  /** WebSocket upgrades (the realtime rooms at /parties/...). */
  onUpgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server and resolves once it listens. */
export function startNodeServer({ app, host, port, logger, onUpgrade }: NodeServerOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${info.port}`;
      logger.info('listening', { url });
      resolve({
        server,
        url,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    }) as Server;
    server.once('error', reject);
    if (onUpgrade) server.on('upgrade', onUpgrade);
    else server.on('upgrade', (_req, socket) => socket.destroy());
  });
}

/** Runs `shutdown` once on SIGINT/SIGTERM, then exits. */
export function onShutdownSignal(logger: Logger, shutdown: () => Promise<void>) {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    try {
      await shutdown();
      process.exit(0);
    } catch (error) {
      logger.error('shutdown failed', { error: (error as Error).message });
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
