import { z } from 'zod';

// Imported by the browser bundle, the rooms (PartyKit and Node) and the API: depend on zod only.

export const protocolVersion = 1;

export const parties = ['post', 'user'] as const;
export type Party = (typeof parties)[number];

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `post/<uuid>` or `user/<uuid>`: the room a ticket, a publish or a log entry belongs to. */
export const roomNameSchema = z
  .string()
  .regex(/^(post|user)\/[0-9a-f-]{36}$/, 'must be "post/<id>" or "user/<id>"')
  .refine((room) => uuid.test(room.slice(room.indexOf('/') + 1)), 'must name a room by its id');
export type RoomName = `${Party}/${string}`;

export function splitRoomName(room: RoomName): { party: Party; id: string } {
  const slash = room.indexOf('/');
  return { party: room.slice(0, slash) as Party, id: room.slice(slash + 1) };
}

export const isRoomId = (id: string) => uuid.test(id);

// Domain payloads are the REST resources; the socket only needs to know they are objects with an id.
const resource = z.looseObject({ id: z.string() });
const typingUser = z.object({ id: z.string(), username: z.string() });
export type TypingUser = z.infer<typeof typingUser>;

const seq = z.number().int().nonnegative();

function message<Type extends string, Data extends z.ZodType>(type: Type, data: Data) {
  return z.object({ v: z.literal(protocolVersion), type: z.literal(type), seq: seq.optional(), data });
}

/** Events the API publishes: logged with a per-room `seq` and replayed on `sync`. */
export const postRoomEvents = {
  'comment.created': resource,
  'comment.updated': resource,
  'comment.deleted': z.object({ id: z.string() }),
  'post.liked': z.object({ likesCount: z.number().int().nonnegative() }),
  'post.updated': resource,
} as const;

export const userRoomEvents = {
  'notification.created': resource,
  'notifications.unread': z.object({ count: z.number().int().nonnegative() }),
} as const;

export type PostRoomEventType = keyof typeof postRoomEvents;
export type UserRoomEventType = keyof typeof userRoomEvents;
export type RoomEventType = PostRoomEventType | UserRoomEventType;

export const roomEventTypes: Record<Party, readonly RoomEventType[]> = {
  post: Object.keys(postRoomEvents) as PostRoomEventType[],
  user: Object.keys(userRoomEvents) as UserRoomEventType[],
};

const eventDataSchemas: Record<RoomEventType, z.ZodType> = { ...postRoomEvents, ...userRoomEvents };

/** Validates the data of a domain event of `type`; used where events enter the system (publish). */
export function eventDataSchema(type: RoomEventType): z.ZodType {
  return eventDataSchemas[type];
}

export const serverMessageSchema = z.discriminatedUnion('type', [
  message('comment.created', postRoomEvents['comment.created']),
  message('comment.updated', postRoomEvents['comment.updated']),
  message('comment.deleted', postRoomEvents['comment.deleted']),
  message('post.liked', postRoomEvents['post.liked']),
  message('post.updated', postRoomEvents['post.updated']),
  message('notification.created', userRoomEvents['notification.created']),
  message('notifications.unread', userRoomEvents['notifications.unread']),
  message('presence', z.object({ count: z.number().int().nonnegative() })),
  message('typing', z.object({ user: typingUser })),
  // `seq` is the room's latest; `reset` means the gap was larger than the log keeps: refetch over REST.
  message('sync.done', z.object({ seq, reset: z.boolean() })),
  message('error', z.object({ code: z.string(), message: z.string() })),
  message('pong', z.object({})),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type ServerMessageType = ServerMessage['type'];

/** The REST resources that resource events carry; the socket itself checks only their `id`. */
export interface ResourcePayloads {
  comment: { id: string };
  post: { id: string };
  notification: { id: string };
}

type ResourceEvent = 'comment.created' | 'comment.updated' | 'post.updated' | 'notification.created';
type WithData<Type extends ServerMessageType, Data> = Extract<ServerMessage, { type: Type }> & { data: Data };

/**
 * Server messages whose resource events carry the API's own view types (the web app passes them
 * in, type-only, so the protocol keeps depending on zod alone).
 */
export type TypedServerMessage<P extends ResourcePayloads> =
  | Exclude<ServerMessage, { type: ResourceEvent }>
  | WithData<'comment.created' | 'comment.updated', P['comment']>
  | WithData<'post.updated', P['post']>
  | WithData<'notification.created', P['notification']>;

const noData = z.object({}).optional();

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ v: z.literal(protocolVersion), type: z.literal('typing'), data: noData }),
  z.object({ v: z.literal(protocolVersion), type: z.literal('sync'), data: z.object({ since: seq }) }),
  z.object({ v: z.literal(protocolVersion), type: z.literal('ping'), data: noData }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** A logged event as it travels from the API to the rooms and to clients. */
export interface SequencedEvent {
  seq: number;
  type: RoomEventType;
  data: unknown;
}

/** Parses a server frame; undefined for anything that is not a valid message of this protocol. */
export function parseServerMessage(raw: string): ServerMessage | undefined {
  const result = serverMessageSchema.safeParse(safeJson(raw));
  return result.success ? result.data : undefined;
}

/** Parses a client frame; undefined for anything that is not a valid message of this protocol. */
export function parseClientMessage(raw: string): ClientMessage | undefined {
  const result = clientMessageSchema.safeParse(safeJson(raw));
  return result.success ? result.data : undefined;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Serializes a server message in the envelope `{ v, type, seq?, data }`. */
export function encodeServerMessage(type: ServerMessageType, data: unknown, seqNumber?: number): string {
  return JSON.stringify(
    seqNumber === undefined ? { v: protocolVersion, type, data } : { v: protocolVersion, type, seq: seqNumber, data },
  );
}

/** Serializes a client message in the envelope `{ v, type, data }`. */
export function encodeClientMessage(message: Omit<ClientMessage, 'v'>): string {
  return JSON.stringify({ v: protocolVersion, ...message });
}
