import { createServer, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

export interface NeonWsProxyOptions {
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  host?: string;
  /** `host:port` targets clients may reach; anything else is refused with 403. */
  allow?: string[];
  log?: (line: string) => void;
}

export interface NeonWsProxy {
  /** `host:port` of the listener, the form `neonConfig.wsProxy` expects (no scheme). */
  address: string;
  port: number;
  close(): Promise<void>;
}

export const defaultAllowedTargets = ['127.0.0.1:5432'];

// Stop reading from the database while the browser side has this much unsent data queued.
const highWaterMark = 1024 * 1024;

function refuse(socket: Duplex, status: string) {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function targetOf(req: IncomingMessage): string | undefined {
  const url = new URL(req.url ?? '/', 'http://proxy.invalid');
  // The neon driver asks for /v1 (v2 is the same byte pipe with a different path).
  if (url.pathname !== '/v1' && url.pathname !== '/v2') return undefined;
  return url.searchParams.get('address') ?? undefined;
}

function splitAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(address.slice(colon + 1)) };
}

/** Pipes binary WebSocket frames to a TCP socket and back, with backpressure both ways. */
function pipe(ws: WebSocket, tcp: Socket) {
  ws.on('message', (data: RawData) => {
    const chunks = Array.isArray(data) ? data : [data instanceof ArrayBuffer ? Buffer.from(data) : data];
    let flushed = true;
    for (const chunk of chunks) flushed = tcp.write(chunk) && flushed;
    if (!flushed) {
      ws.pause();
      tcp.once('drain', () => ws.resume());
    }
  });
  tcp.on('data', (chunk) => {
    ws.send(chunk, { binary: true }, () => {
      if (tcp.isPaused() && ws.bufferedAmount < highWaterMark / 2) tcp.resume();
    });
    if (ws.bufferedAmount > highWaterMark) tcp.pause();
  });
  ws.on('close', () => tcp.end());
  ws.on('error', () => tcp.destroy());
  tcp.on('close', () => ws.close());
  tcp.on('error', () => ws.terminate());
}

/**
 * Local stand-in for Neon's wsproxy: `@neondatabase/serverless` in WebSocket mode opens
 * `ws://<proxy>/v1?address=<host:port>` and speaks the Postgres wire protocol inside binary frames.
 * Only allow-listed targets are reachable, so the proxy cannot be used to scan the network.
 */
export function startNeonWsProxy(options: NeonWsProxyOptions = {}): Promise<NeonWsProxy> {
  const allowed = new Set(options.allow ?? defaultAllowedTargets);
  const log = options.log ?? (() => {});
  const server = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain' }).end('WebSocket upgrade required\n');
  });
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const target = targetOf(req);
    if (target === undefined) return refuse(socket, '404 Not Found');
    if (!allowed.has(target)) {
      log(`refused target ${target}`);
      return refuse(socket, '403 Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      pipe(ws, connect(splitAddress(target)));
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const bound = server.address();
      if (bound === null || typeof bound === 'string') return reject(new Error('proxy did not bind a TCP port'));
      const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
      resolve({
        address: `${host}:${bound.port}`,
        port: bound.port,
        close: () =>
          new Promise<void>((done) => {
            for (const ws of sockets) ws.terminate();
            wss.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
