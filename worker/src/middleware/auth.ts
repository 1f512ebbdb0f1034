import { eq, sql } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { refreshTokens, users } from '../../../db/schema';
import type { Database } from '../../../db/types';
import type { AppEnv, AuthUser } from '../app-env';
import { AppError } from '../errors';
import { oncePer } from '../once-per';
import type { Deps } from '../ports';
import { verifyAccessToken } from '../services/auth/access-token';

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
  if (!match?.[1]) throw new AppError('token_invalid', 'Authorization header must be "Bearer <token>"');
  return match[1];
}

// Every signed-in request runs it: built and parsed once per database, not once per request.
const tokenCheck = oncePer((db: Database) =>
  db
    .select({
      username: users.username,
      role: users.role,
      tokenVersion: users.tokenVersion,
      suspendedAt: users.suspendedAt,
      // Logout and refresh-token reuse revoke one family: its access tokens end with it.
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
 * suspension or password change revokes tokens already issued, at once, on every instance.
 */
async function authenticate({ db, config, clock }: Deps, token: string): Promise<AuthUser> {
  const claims = await verifyAccessToken(config, token, clock.now());
  const [row] = await tokenCheck(db).execute({ id: claims.userId, sid: claims.sessionId ?? noSession });
  if (!row || row.tokenVersion !== claims.version || row.sessionRevoked) {
    throw new AppError('token_invalid', 'Access token has been revoked');
  }
  if (row.suspendedAt) throw new AppError('account_suspended', 'This account is suspended');
  return { id: claims.userId, username: row.username, role: row.role, sessionId: claims.sessionId };
}

/** Sets the `user` variable when a bearer token is present; a bad token is still an error, never ignored. */
export const optionalUser = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (token) c.set('user', await authenticate(c.get('deps'), token));
  await next();
});

export const requireUser = createMiddleware<AppEnv & { Variables: { user: AuthUser } }>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new AppError('unauthenticated', 'Sign in to do this');
  c.set('user', await authenticate(c.get('deps'), token));
  await next();
});

export const requireAdmin = createMiddleware<AppEnv & { Variables: { user: AuthUser } }>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new AppError('unauthenticated', 'Sign in to do this');
  const user = await authenticate(c.get('deps'), token);
  if (user.role !== 'admin') throw new AppError('forbidden', 'Administrators only');
  c.set('user', user);
  await next();
});
