import { and, eq, isNull, ne } from 'drizzle-orm';
import { refreshTokens } from '#db/schema';
import type { Executor } from '#db/types';

/** Sliding: every rotation grants another 30 days, so an active session never expires. */
export const refreshTokenTtlSeconds = 30 * 24 * 3600;

const tokenBytes = 32;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An opaque 256-bit token; only its hash is stored, so a database leak yields no usable session. */
export function generateRefreshToken(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(tokenBytes)));
}

/** SHA-256, hex. A fast hash is enough: the token has 256 bits of entropy, nothing to brute-force. */
export async function hashRefreshToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The session (token family) `token` belongs to, whatever its state; undefined for a token never issued. */
export async function refreshFamilyOf(db: Executor, token: string): Promise<string | undefined> {
  const [row] = await db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, await hashRefreshToken(token)));
  return row?.familyId;
}

/** Stores a new member of `familyId` and returns the plaintext token to hand to the client. */
export async function insertRefreshToken(
  db: Executor,
  { userId, familyId, now }: { userId: string; familyId: string; now: Date },
): Promise<string> {
  const token = generateRefreshToken();
  await db.insert(refreshTokens).values({
    userId,
    familyId,
    tokenHash: await hashRefreshToken(token),
    expiresAt: new Date(now.getTime() + refreshTokenTtlSeconds * 1000),
    createdAt: now,
  });
  return token;
}

/** Ends one session: every token of the family stops refreshing. */
export async function revokeFamily(db: Executor, familyId: string, now: Date): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Ends every session of a user, or every one but `keepFamilyId` (the caller's own). */
export async function revokeUserSessions(
  db: Executor,
  userId: string,
  now: Date,
  keepFamilyId?: string,
): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(refreshTokens.userId, userId),
        isNull(refreshTokens.revokedAt),
        keepFamilyId ? ne(refreshTokens.familyId, keepFamilyId) : undefined,
      ),
    );
}
