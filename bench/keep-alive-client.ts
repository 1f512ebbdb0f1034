import { connect, type Socket } from 'node:net';

/**
 * A lean HTTP/1.1 client for the open-loop scenarios: requests written as one string on kept-alive
 * sockets, answers read only as far as their status and length. The load generator shares this
 * machine's two cores with the server it measures, and node:http cost it 1 ms of CPU per request
 * (fetch 1.6 ms); what the generator spends is taken from the server.
 */
export function keepAliveClient(baseUrl: string, maxSockets = 64) {
  const { hostname, port } = new URL(baseUrl);
  const idle: Connection[] = [];
  const queue: Exchange[] = [];
  let open = 0;

  const release = (connection: Connection) => {
    const next = queue.shift();
    if (next) connection.exchange(next);
    else idle.push(connection);
  };
  const dropped = (connection: Connection) => {
    open -= 1;
    const at = idle.indexOf(connection);
    if (at >= 0) idle.splice(at, 1);
  };

  return {
    /** Sends one request and resolves with its status once the whole body has arrived. */
    send(method: string, path: string, headers: Record<string, string>, body = ''): Promise<number> {
      return new Promise((resolve, reject) => {
        const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
        const exchange: Exchange = {
          request: `${method} ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n${head.join('')}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
          resolve,
          reject,
        };
        const connection = idle.pop();
        if (connection) return connection.exchange(exchange);
        if (open >= maxSockets) return void queue.push(exchange);
        open += 1;
        new Connection(connect(Number(port), hostname), release, dropped).exchange(exchange);
      });
    },
    close() {
      for (const connection of idle.splice(0)) connection.socket.destroy();
    },
  };
}

interface Exchange {
  request: string;
  resolve(status: number): void;
  reject(error: Error): void;
}

/** One socket, one exchange at a time (no pipelining), answers framed by Content-Length or chunks. */
class Connection {
  private received: Buffer = Buffer.alloc(0);
  private current?: Exchange;

  constructor(
    readonly socket: Socket,
    private readonly release: (connection: Connection) => void,
    private readonly dropped: (connection: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.dropped(this);
      this.current?.reject(new Error('connection closed before the answer was complete'));
      this.current = undefined;
    });
  }

  exchange(exchange: Exchange) {
    this.current = exchange;
    this.socket.write(exchange.request);
  }

  private onData(chunk: Buffer) {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const answer = parseAnswer(this.received);
    if (!answer || !this.current) return;
    const exchange = this.current;
    this.current = undefined;
    this.received = this.received.subarray(answer.length);
    exchange.resolve(answer.status);
    if (answer.close) this.socket.end();
    else this.release(this);
  }
}

/** The status and total length of the first complete answer in `data`, or undefined if incomplete. */
function parseAnswer(data: Buffer): { status: number; length: number; close: boolean } | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = data.toString('latin1', 0, headEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  const close = /\r\nconnection: *close/.test(head);
  const bodyStart = headEnd + 4;
  const declared = /\r\ncontent-length: *(\d+)/.exec(head);
  if (declared) {
    const length = bodyStart + Number(declared[1]);
    return data.length >= length ? { status, length, close } : undefined;
  }
  if (!/\r\ntransfer-encoding: *chunked/.test(head)) return { status, length: bodyStart, close };
  let at = bodyStart;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(data.toString('latin1', at, lineEnd), 16);
    at = lineEnd + 2 + size + 2;
    if (data.length < at) return undefined;
    if (size === 0) return { status, length: at, close };
  }
}
