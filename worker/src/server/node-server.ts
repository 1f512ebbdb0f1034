import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import type { Logger } from '../ports';
import type { FetchHandler, HotResponses } from './hot-responses';

export interface NodeServerOptions {
  app: { fetch: FetchHandler };
  host: string;
  port: number;
  logger: Logger;
  /** WebSocket upgrades (the realtime rooms at /parties/...). */
  onUpgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Kept copies of public answers, served in front of the app (absent with CACHE=off). */
  hot?: HotResponses;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server and resolves once it listens. */
export function startNodeServer({
  app,
  host,
  port,
  logger,
  onUpgrade,
  hot,
}: NodeServerOptions): Promise<RunningServer> {
  const fetch = hot ? hot.capture(app.fetch) : app.fetch;
  const appListener = getRequestListener(fetch);
  const server = createServer(hot ? hot.listener(appListener) : appListener);
  if (onUpgrade) server.on('upgrade', onUpgrade);
  else server.on('upgrade', (_req, socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${boundPort}`;
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
    });
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
