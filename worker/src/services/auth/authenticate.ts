import { eq, sql } from 'drizzle-orm';
import { refreshTokens, users } from '#db/schema';
import type { Database } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { AppError } from '#worker/errors';
import { oncePer } from '#worker/once-per';
import type { Deps } from '#worker/ports';
import { verifyAccessToken } from './access-token';

// Every signed-in request runs it: built and parsed once per database, not once per request.
const tokenCheck = oncePer((db: Database) =>
  db
    .select({
      username: users.username,
      role: users.role,
      tokenVersion: users.tokenVersion,
      suspendedAt: users.suspendedAt,
      // Logout and refresh-token reuse revoke one family: its access tokens end with it (ADR 0112).
      sessionRevoked: sql<boolean>`exists (select 1 from ${refreshTokens} where ${refreshTokens.familyId} = ${sql.placeholder('sid')}::uuid and ${refreshTokens.revokedAt} is not null)`,
    })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('auth_token_check_v2'),
);

// Tokens without a session claim (issued before sessions were named) match no family.
const noSession = '00000000-0000-0000-0000-000000000000';

/**
 * A valid signature is not enough: the token's version must still match the user's row, so a
 * suspension, password change, logout or sign-out everywhere revokes tokens already issued, at
 * once, on every instance.
 */
export async function authenticate({ db, config, clock }: Deps, token: string): Promise<AuthUser> {
  const claims = await verifyAccessToken(config, token, clock.now());
  const [row] = await tokenCheck(db).execute({ id: claims.userId, sid: claims.sessionId ?? noSession });
  if (!row || row.tokenVersion !== claims.version || row.sessionRevoked) {
    throw new AppError('token_invalid', 'Access token has been revoked');
  }
  if (row.suspendedAt) throw new AppError('account_suspended', 'This account is suspended');
  return { id: claims.userId, username: row.username, role: row.role, sessionId: claims.sessionId };
}
