import { eq } from 'drizzle-orm';
import { refreshTokens } from '../../../../db/schema';
import type { Deps } from '../../ports';
import { hashRefreshToken, revokeFamily } from './refresh-token';

/** Ends the session the refresh token belongs to. Idempotent: an unknown or absent token is no error. */
export async function logout(deps: Deps, presented: string | undefined): Promise<void> {
  if (!presented) return;
  const [token] = await deps.db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, await hashRefreshToken(presented)));
  if (token) await revokeFamily(deps.db, token.familyId, deps.clock.now());
}
