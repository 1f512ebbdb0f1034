import PartySocket from 'partysocket';
import { encodeClientMessage, type Party, parseServerMessage, type ServerMessage } from './protocol';

export interface RoomSubscriptionOptions {
  /** REALTIME_URL's host (and port), e.g. `example.com` or `127.0.0.1:1999`. */
  host: string;
  protocol?: 'ws' | 'wss';
  party: Party;
  room: string;
  /** Fetches a fresh ticket (POST /api/realtime/ticket) before every connect; omit to read a published post anonymously. */
  ticket?: () => Promise<string>;
  onMessage: (message: ServerMessage) => void;
  /** A WebSocket implementation where the global one is missing (Node tests). */
  WebSocket?: unknown;
}

export interface RoomSubscription {
  typing(): void;
  close(): void;
}

/**
 * The browser's side of the protocol: partysocket reconnects with a fresh ticket each time; the last
 * seq seen is sent as `sync` on every reopen, so a reader misses nothing across a dropped connection
 * (a first connection says `ping`, which lets live events flow at once). Events already seen are skipped.
 */
export function subscribeToRoom(options: RoomSubscriptionOptions): RoomSubscription {
  let lastSeq: number | undefined;
  const { ticket } = options;
  const socket = new PartySocket({
    host: options.host,
    protocol: options.protocol,
    party: options.party,
    room: options.room,
    WebSocket: options.WebSocket,
    query: async () => (ticket ? { ticket: await ticket() } : {}),
  });
  socket.addEventListener('open', () => {
    socket.send(
      encodeClientMessage(lastSeq === undefined ? { type: 'ping' } : { type: 'sync', data: { since: lastSeq } }),
    );
  });
  socket.addEventListener('message', (event: MessageEvent) => {
    const message = parseServerMessage(String(event.data));
    if (!message) return;
    if (message.seq !== undefined) {
      if (lastSeq !== undefined && message.seq <= lastSeq) return;
      lastSeq = message.seq;
    }
    // After a reset the app refetches over REST; either way the room's latest seq is the new baseline.
    if (message.type === 'sync.done') {
      lastSeq = message.data.reset ? message.data.seq : Math.max(lastSeq ?? 0, message.data.seq);
    }
    options.onMessage(message);
  });
  return {
    typing: () => socket.send(encodeClientMessage({ type: 'typing' })),
    close: () => socket.close(),
  };
}
