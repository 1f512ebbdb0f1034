import { z } from 'zod';
import {
  eventDataSchema,
  isRoomId,
  type Party,
  type RoomEventType,
  type RoomName,
  roomEventTypes,
  type SequencedEvent,
} from '../protocol';
import { verifyServerToken, verifyTicket } from '../tokens';

/** The part of PartyKit's Lobby (and of the Node host's equivalent) admission needs. */
export interface Lobby {
  id: string;
  env: Record<string, unknown>;
}

/** The shared secret between the API and the rooms; a host without it must not start. */
export function realtimeSecretOf(env: Record<string, unknown>): string {
  const secret = env.REALTIME_SECRET;
  if (typeof secret !== 'string' || secret.length === 0) throw new Error('REALTIME_SECRET is not set');
  return secret;
}

const refusal = (status: number, reason: string) => new Response(reason, { status });

/**
 * Decides at the door, without room state (PartyKit runs this outside the room): a ticket, when
 * present, must be valid, unexpired and issued for this room; user rooms need one for their own user.
 * Whether a ticketless reader may see the post is the post room's decision once inside.
 */
export async function admitConnection(party: Party, request: Request, lobby: Lobby): Promise<Request | Response> {
  if (!isRoomId(lobby.id)) return refusal(404, 'No such room');
  const ticket = new URL(request.url).searchParams.get('ticket');
  if (!ticket) return party === 'user' ? refusal(401, 'A ticket is required') : request;
  const check = await verifyTicket(realtimeSecretOf(lobby.env), ticket, `${party}/${lobby.id}`);
  if (!check.ok) {
    if (check.reason === 'wrong_room') return refusal(403, 'The ticket is for another room');
    return refusal(401, check.reason === 'expired' ? 'The ticket has expired' : 'The ticket is invalid');
  }
  if (party === 'user' && check.user.userId !== lobby.id) return refusal(403, 'Not your room');
  return request;
}

const publishBody = z.object({ type: z.string(), seq: z.number().int().positive(), data: z.unknown() });

const json = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

/**
 * Checks a publish from the API (`POST /parties/<party>/<room>` with a bearer token signed with
 * REALTIME_SECRET for this very room) and returns the event, or the response refusing it.
 */
export async function acceptPublish(
  room: RoomName,
  request: Request,
  secret: string,
): Promise<{ event: SequencedEvent } | { response: Response }> {
  if (request.method !== 'POST') return { response: json(405, 'method_not_allowed', 'Publish with POST') };
  if (!(await verifyServerToken(secret, request.headers.get('authorization'), 'publish', room))) {
    return { response: json(401, 'unauthenticated', 'A publish token for this room is required') };
  }
  const body = publishBody.safeParse(await request.json().catch(() => undefined));
  if (!body.success) return { response: json(422, 'validation_failed', 'Expected { type, seq, data }') };
  const party = room.slice(0, room.indexOf('/')) as Party;
  const type = body.data.type as RoomEventType;
  if (!roomEventTypes[party].includes(type)) {
    return { response: json(422, 'validation_failed', `${body.data.type} is not an event of ${party} rooms`) };
  }
  const data = eventDataSchema(type).safeParse(body.data.data);
  if (!data.success) return { response: json(422, 'validation_failed', `Invalid data for ${type}`) };
  return { event: { seq: body.data.seq, type, data: body.data.data } };
}
