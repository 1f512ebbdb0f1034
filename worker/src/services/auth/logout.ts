import { eq, sql } from 'drizzle-orm';
import { refreshTokens, users } from '#db/schema';
import type { Deps } from '#worker/ports';
import { hashRefreshToken, revokeFamily, revokeUserSessions } from './refresh-token';

/** Ends the session the refresh token belongs to. Idempotent: an unknown or absent token is no error. */
export async function logout(deps: Deps, presented: string | undefined): Promise<void> {
  if (!presented) return;
  const [token] = await deps.db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, await hashRefreshToken(presented)));
  if (token) await revokeFamily(deps.db, token.familyId, deps.clock.now());
}

/**
 * "Sign out everywhere": every refresh family of the user ends, and the token version is bumped so
 * every access token already issued stops working at once, on every instance.
 */
export async function logoutEverywhere(deps: Deps, userId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: now })
      .where(eq(users.id, userId));
    await revokeUserSessions(tx, userId, now);
  });
}
