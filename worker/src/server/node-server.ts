import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import type { Logger } from '../ports';
import { compressResponses } from './compression';
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

/**
 * Node's own limits, explicit rather than whatever the running Node version defaults to; nginx's
 * beside them in docs/self-hosting.md ("Timeouts"). A client has 10 s to send its headers and 30 s
 * for the whole request (a slowloris connection is cut, not held), an idle kept-alive socket is
 * closed after 5 s (nginx lets its upstream sockets go after 4 s, so it never writes to one Node is
 * closing), and a socket with no traffic at all for 2 min is closed. Upgraded (WebSocket) sockets
 * leave these behind; the rooms keep them alive with their own pings.
 */
export const serverTimeouts = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  socketIdleTimeout: 120_000,
  // How often Node looks for requests over the first two limits (its default is 30 s).
  connectionsCheckingInterval: 1_000,
};

/** In-flight requests get this long to finish on shutdown before their sockets are cut. */
export const drainTimeoutMs = 10_000;

/**
 * What Node's HTTP parser refuses before the app sees it (a 100 KB URL, an unknown method, headers
 * that never end) answered in the contract's error shape instead of a bare status line.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'Request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request took too long to arrive']
        : [400, 'bad_request', 'Malformed HTTP request'];
  const body = JSON.stringify({ error: { code, message, requestId: randomUUID() } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Stops accepting, lets in-flight requests finish (idle kept-alive sockets are closed as they turn
 * idle), and cuts whatever is left after `drainTimeoutMs`.
 */
function drain(server: Server): Promise<void> {
  return new Promise<void>((done) => {
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const cut = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      done();
    });
    server.closeIdleConnections();
  });
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
  // Copies are kept of the app's own answers, before compression (hot-responses.ts keeps them compressed too).
  const fetch = compressResponses(hot ? hot.capture(app.fetch) : app.fetch);
  const appListener = getRequestListener(fetch);
  const { socketIdleTimeout, ...limits } = serverTimeouts;
  const server = createServer(limits, hot ? hot.listener(appListener) : appListener);
  server.setTimeout(socketIdleTimeout);
  server.keepAliveTimeout = limits.keepAliveTimeout;
  server.on('clientError', answerClientError);
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
        close: () => drain(server),
      });
    });
  });
}

/**
 * Runs `shutdown` once on SIGINT/SIGTERM, then exits. Until then a promise nobody awaited that fails
 * (a lost database connection in a background task) is logged, not a reason to stop serving.
 */
export function onShutdownSignal(logger: Logger, shutdown: () => Promise<void>) {
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection', { error: reason instanceof Error ? reason.message : String(reason) });
  });
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
