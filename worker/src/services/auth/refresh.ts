import { and, eq, isNull } from 'drizzle-orm';
import { refreshTokens, users } from '#db/schema';
import { AppError } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { hashRefreshToken, insertRefreshToken, revokeFamily } from './refresh-token';
import { type SessionTokens, signSessionAccessToken } from './session';

const invalid = () => new AppError('token_invalid', 'Refresh token is invalid or expired');

/**
 * Exchanges a refresh token for a new pair (RFC 9700 rotation). A token already used means it was
 * copied: the whole family is revoked and 401 `refresh_reused` answered. Of two requests racing
 * with the same unused token, exactly one wins; the loser gets 401 `token_invalid` and the
 * winner's session survives (see docs/decisions on refresh tokens).
 */
export async function refreshSession(deps: Deps, presented: string): Promise<SessionTokens> {
  const { db, clock, logger } = deps;
  const now = clock.now();
  const [token] = await db
    .select({
      id: refreshTokens.id,
      userId: refreshTokens.userId,
      familyId: refreshTokens.familyId,
      expiresAt: refreshTokens.expiresAt,
      usedAt: refreshTokens.usedAt,
      revokedAt: refreshTokens.revokedAt,
    })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, await hashRefreshToken(presented)));
  if (!token) throw invalid();
  if (token.usedAt) {
    await revokeFamily(db, token.familyId, now);
    logger.warn('refresh token reused; session revoked', { userId: token.userId, familyId: token.familyId });
    throw new AppError('refresh_reused', 'This refresh token was already used; sign in again');
  }
  if (token.revokedAt || token.expiresAt <= now) throw invalid();

  return db.transaction(async (tx) => {
    // The row lock makes this the single point of decision between concurrent refreshes.
    const claimed = await tx
      .update(refreshTokens)
      .set({ usedAt: now })
      .where(and(eq(refreshTokens.id, token.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    if (claimed.length === 0) throw invalid();
    const [user] = await tx
      .select({
        id: users.id,
        username: users.username,
        role: users.role,
        tokenVersion: users.tokenVersion,
        suspendedAt: users.suspendedAt,
      })
      .from(users)
      .where(eq(users.id, token.userId));
    if (!user) throw invalid();
    if (user.suspendedAt) throw new AppError('account_suspended', 'This account is suspended');
    const refreshToken = await insertRefreshToken(tx, { userId: user.id, familyId: token.familyId, now });
    const accessToken = await signSessionAccessToken(deps, user, token.familyId, now);
    return { accessToken, refreshToken };
  });
}
