import PartySocket from 'partysocket';
import WebSocket from 'ws';
import { encodeClientMessage, parseServerMessage, type ServerMessage } from '../src/protocol';

export interface ClientOptions {
  /** Called on every (re)connect, as a browser would fetch a fresh ticket. */
  ticket?: () => Promise<string>;
}

/**
 * A reader as the web app will be: partysocket, a fresh ticket on each connect, the last seq seen
 * remembered and sent as `sync` when the socket (re)opens.
 */
export class TestClient {
  readonly socket: PartySocket;
  readonly messages: ServerMessage[] = [];
  readonly closes: { code: number; reason: string }[] = [];
  lastSeq: number | undefined;
  private waiters: (() => void)[] = [];

  constructor(host: string, party: 'post' | 'user', room: string, options: ClientOptions = {}) {
    this.socket = new PartySocket({
      host,
      party,
      room,
      WebSocket,
      maxRetries: 0,
      startClosed: true,
      query: async () => (options.ticket ? { ticket: await options.ticket() } : {}),
    });
    this.socket.addEventListener('open', () => {
      // A reader who has seen events asks for what it missed; a new one says hello so live events flow at once.
      if (this.lastSeq !== undefined) this.send({ type: 'sync', data: { since: this.lastSeq } });
      else this.send({ type: 'ping' });
      this.wake();
    });
    this.socket.addEventListener('message', (event: MessageEvent) => {
      const message = parseServerMessage(String(event.data));
      if (!message) throw new Error(`unparseable server message: ${event.data}`);
      if (message.seq !== undefined) this.lastSeq = message.seq;
      this.messages.push(message);
      this.wake();
    });
    this.socket.addEventListener('close', (event: CloseEvent) => {
      this.closes.push({ code: event.code, reason: event.reason });
      this.wake();
    });
  }

  /** Opens the socket and waits until it is open (or closed straight away). */
  async connect(): Promise<void> {
    const closesBefore = this.closes.length;
    this.socket.reconnect();
    await this.until(() => this.socket.readyState === WebSocket.OPEN || this.closes.length > closesBefore);
  }

  send(message: Parameters<typeof encodeClientMessage>[0]) {
    this.socket.send(encodeClientMessage(message));
  }

  sendRaw(data: string | ArrayBuffer) {
    this.socket.send(data);
  }

  /** Waits for a message matching `predicate` received at or after index `from`. */
  async waitFor(predicate: (message: ServerMessage) => boolean, from = 0, timeoutMs = 15_000): Promise<ServerMessage> {
    let found: ServerMessage | undefined;
    await this.until(() => {
      found = this.messages.slice(from).find(predicate);
      return found !== undefined;
    }, timeoutMs);
    return found as ServerMessage;
  }

  async waitForClose(timeoutMs = 15_000): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closes.length > 0, timeoutMs);
    return this.closes.at(-1) as { code: number; reason: string };
  }

  async disconnect(): Promise<void> {
    const closesBefore = this.closes.length;
    this.socket.close();
    await this.until(() => this.closes.length > closesBefore);
  }

  /** The latest presence count received. */
  presence(): number | undefined {
    const last = this.messages.filter((m) => m.type === 'presence').at(-1);
    return last?.type === 'presence' ? last.data.count : undefined;
  }

  until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out; received ${JSON.stringify(this.messages)} closes ${JSON.stringify(this.closes)}`));
      }, timeoutMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  private wake() {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** A bare WebSocket handshake: the HTTP status of a refusal, or the close code of an accepted socket. */
export function tryConnect(url: string): Promise<{ status?: number; close?: { code: number; reason: string } }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode });
      socket.terminate();
    });
    socket.on('close', (code, reason) => resolve({ close: { code, reason: reason.toString() } }));
    socket.on('error', () => {});
  });
}
