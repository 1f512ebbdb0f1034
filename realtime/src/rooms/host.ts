import type { RoomName, SequencedEvent, TypingUser } from '../protocol';

// The room classes see their host only through these interfaces, so PartyKit (one Durable Object
// per room) and the Node host (rooms spread over processes, joined by Redis) run the same code.

/** A client socket as the room sees it; PartyKit's Party.Connection satisfies it. */
export interface RoomConnection {
  id: string;
  send(message: string): void;
  close(code?: number, reason?: string): void;
}

/** The slice of PartyKit's Party.Room the rooms use. */
export interface RoomContext {
  id: string;
  name: string;
  env: Record<string, unknown>;
}

/** What a room announces to every host of the room; each host hands it back to its copy via `receive`. */
export type FanOutMessage =
  | { kind: 'event'; event: SequencedEvent }
  | { kind: 'typing'; user: TypingUser; from: string }
  | { kind: 'presence'; count: number; version: number };

export interface RoomTransport {
  /** Delivers `message` to this room on every host, this one included. */
  fanOut(message: FanOutMessage): Promise<void>;
  /**
   * Records this host's reader count for the room (-1: leave it as recorded, only recount); returns
   * the count over all hosts, versioned for ordering.
   */
  presence(localCount: number): Promise<{ count: number; version: number }>;
}

export interface EventPage {
  /** Events with seq > since, oldest first, at most `limit`. */
  events: SequencedEvent[];
  /** Highest seq the log has for the room (0 when none). */
  latestSeq: number;
  /** Lowest seq the log still holds (older ones were trimmed); latestSeq + 1 when empty. */
  oldestSeq: number;
}

/** The catch-up log and the facts about posts a room needs: the database on Node, the API on PartyKit. */
export interface RoomBackend {
  eventsSince(room: RoomName, since: number, limit: number): Promise<EventPage>;
  postIsPublic(postId: string): Promise<boolean>;
}

export interface RoomLogger {
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface RoomLimits {
  /** Largest client frame accepted, in bytes; larger closes the socket with 1009. */
  maxMessageBytes: number;
  /** Token bucket per connection: burst size and refill per second. */
  burst: number;
  perSecond: number;
  /** How long live events wait for a new socket's first message (its `sync`) before flowing. */
  syncGraceMs: number;
  /** Most events a `sync` replays; a longer gap answers `reset`. */
  maxReplay: number;
}

export const defaultRoomLimits: RoomLimits = {
  maxMessageBytes: 4096,
  burst: 20,
  perSecond: 5,
  syncGraceMs: 1000,
  maxReplay: 500,
};

export interface RoomServices {
  transport: RoomTransport;
  backend: RoomBackend;
  logger: RoomLogger;
  limits?: Partial<RoomLimits>;
  now?: () => Date;
}

/** Close codes of RFC 6455 the rooms use. */
export const closeCodes = { unsupportedData: 1003, policyViolation: 1008, messageTooBig: 1009 } as const;
