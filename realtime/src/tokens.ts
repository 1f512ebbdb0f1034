import { errors, jwtVerify, SignJWT } from 'jose';
import type { RoomName } from './protocol';

// Shared by the API (signing) and every room host (verifying); depends on jose only so it runs in
// workerd, PartyKit and Node alike. Distinct audiences keep a ticket from ever passing as a
// publish credential and the other way round.
const audiences = {
  ticket: 'edgepress:realtime:ticket',
  publish: 'edgepress:realtime:publish',
  internal: 'edgepress:realtime:internal',
} as const;
const issuer = 'edgepress';
const algorithm = 'HS256';
const encoder = new TextEncoder();

export const ticketTtlSeconds = 60;
const serverTokenTtlSeconds = 60;

export type ServerTokenKind = 'publish' | 'internal';

export interface TicketHolder {
  userId: string;
  username: string;
}

export type TicketCheck =
  | { ok: true; user: TicketHolder }
  | { ok: false; reason: 'expired' | 'invalid' | 'wrong_room' };

const epochSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

/** Signs a 60-second ticket that lets `user` join `room` once (a browser cannot set headers on a WebSocket). */
export async function signTicket(
  secret: string,
  user: TicketHolder,
  room: RoomName,
  now = new Date(),
): Promise<{ ticket: string; expiresAt: Date }> {
  const issuedAt = epochSeconds(now);
  const expiresAt = issuedAt + ticketTtlSeconds;
  const ticket = await new SignJWT({ room, username: user.username })
    .setProtectedHeader({ alg: algorithm })
    .setSubject(user.userId)
    .setIssuer(issuer)
    .setAudience(audiences.ticket)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(encoder.encode(secret));
  return { ticket, expiresAt: new Date(expiresAt * 1000) };
}

/** Checks a ticket statelessly: signature, expiry, audience, and that it was issued for `room`. */
export async function verifyTicket(
  secret: string,
  ticket: string,
  room: RoomName,
  now = new Date(),
): Promise<TicketCheck> {
  try {
    const { payload } = await jwtVerify(ticket, encoder.encode(secret), {
      algorithms: [algorithm],
      issuer,
      audience: audiences.ticket,
      currentDate: now,
      requiredClaims: ['sub', 'exp'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.username !== 'string')
      return { ok: false, reason: 'invalid' };
    if (payload.room !== room) return { ok: false, reason: 'wrong_room' };
    return { ok: true, user: { userId: payload.sub, username: payload.username } };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}

/** Signs the short-lived bearer token the API sends to a room (publish) or a room sends to the API (internal). */
export async function signServerToken(secret: string, kind: ServerTokenKind, room: RoomName, now = new Date()) {
  const issuedAt = epochSeconds(now);
  return new SignJWT({ room })
    .setProtectedHeader({ alg: algorithm })
    .setIssuer(issuer)
    .setAudience(audiences[kind])
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + serverTokenTtlSeconds)
    .sign(encoder.encode(secret));
}

/** True when `authorization` is `Bearer <token>` with a valid server token of `kind` for `room`. */
export async function verifyServerToken(
  secret: string,
  authorization: string | null | undefined,
  kind: ServerTokenKind,
  room: RoomName,
  now = new Date(),
): Promise<boolean> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return false;
  try {
    const { payload } = await jwtVerify(token, encoder.encode(secret), {
      algorithms: [algorithm],
      issuer,
      audience: audiences[kind],
      currentDate: now,
      requiredClaims: ['exp'],
    });
    return payload.room === room;
  } catch {
    return false;
  }
}
