import type { Executor } from '#db/types';
import type { Deps } from '#worker/ports';
import { signAccessToken } from './access-token';
import { insertRefreshToken } from './refresh-token';

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

export interface SessionUser {
  id: string;
  username: string;
  role: 'user' | 'admin';
  tokenVersion: number;
}

/** Issues the access token for a session (refresh-token family). */
export function signSessionAccessToken(deps: Pick<Deps, 'config'>, user: SessionUser, familyId: string, now: Date) {
  return signAccessToken(
    deps.config,
    { userId: user.id, username: user.username, role: user.role, version: user.tokenVersion, sessionId: familyId },
    now,
  );
}

/**
 * Opens a new session: a fresh refresh-token family and the access token that names it. Run it
 * inside the transaction that authenticated the user, so a failure leaves no orphan token.
 */
export async function startSession(
  deps: Pick<Deps, 'config' | 'clock'>,
  db: Executor,
  user: SessionUser,
): Promise<SessionTokens> {
  const now = deps.clock.now();
  const familyId = crypto.randomUUID();
  const refreshToken = await insertRefreshToken(db, { userId: user.id, familyId, now });
  const accessToken = await signSessionAccessToken(deps, user, familyId, now);
  return { accessToken, refreshToken };
}
