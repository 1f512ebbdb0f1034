import type * as Party from 'partykit/server';
import type { RoomName } from '../protocol';
import { realtimeSecretOf } from '../rooms/admission';
import type { EventPage, FanOutMessage, RoomLogger, RoomServices } from '../rooms/host';
import { signServerToken } from '../tokens';

/** The room object the transport hands fanned-out messages to (set once the room is constructed). */
export interface RoomSlot {
  receive?: (message: FanOutMessage) => Promise<void>;
}

const logger: RoomLogger = {
  warn: (msg, fields) => console.log(JSON.stringify({ level: 'warn', msg, ...fields })),
  error: (msg, fields) => console.log(JSON.stringify({ level: 'error', msg, ...fields })),
};

/**
 * On PartyKit one Durable Object is the whole room: fan-out is a local call and presence is the
 * local count. The log and post status come from the API (API_URL), with a token for this room.
 */
export function partykitServices(room: Party.Room, slot: RoomSlot): RoomServices {
  const secret = realtimeSecretOf(room.env);
  const apiUrl = String(room.env.API_URL ?? '').replace(/\/+$/, '');
  if (!apiUrl) throw new Error('API_URL is not set');
  let version = 0;

  async function api<T>(roomName: RoomName, path: string): Promise<T> {
    const token = await signServerToken(secret, 'internal', roomName);
    const response = await fetch(`${apiUrl}/api/realtime/rooms/${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`API answered ${response.status}`);
    return (await response.json()) as T;
  }

  return {
    logger,
    transport: {
      fanOut: async (message) => slot.receive?.(message),
      presence: async (localCount) => ({ count: Math.max(localCount, 0), version: ++version }),
    },
    backend: {
      eventsSince: (roomName, since, limit) =>
        api<EventPage>(roomName, `${roomName}/events?since=${since}&limit=${limit}`),
      postIsPublic: async (postId) =>
        (await api<{ public: boolean }>(`post/${postId}`, `post/${postId}/public`)).public,
    },
  };
}
