import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { refreshFamilyOf } from '../services/auth/refresh-token';
import { clientIp } from './client-ip';
import { emailFromBody, rateLimit } from './rate-limit';
import { presentedRefreshToken } from './refresh-cookie';

/**
 * The session a refresh belongs to, so one stolen or looping session cannot hammer the endpoint;
 * a token we do not know counts against its IP instead, which bounds guessing as well.
 */
async function refreshFamily(c: Context<AppEnv>): Promise<string | undefined> {
  const body = (await c.req.json().catch(() => undefined)) as { refreshToken?: unknown } | undefined;
  const token = presentedRefreshToken(c, typeof body?.refreshToken === 'string' ? body.refreshToken : undefined);
  const familyId = token && token.length <= 200 ? await refreshFamilyOf(c.get('deps').db, token) : undefined;
  if (familyId) return `family:${familyId}`;
  const ip = clientIp(c);
  return ip ? `ip:${ip}` : undefined;
}

const signedInUser = (c: Context<AppEnv>) => c.get('user')?.id;

// Login and register fail closed: a short outage is better than a brute-force window (ARCHITECTURE.md).
export const loginRateLimits = [
  rateLimit('login-ip', clientIp, { failClosed: true }),
  rateLimit('login-account', emailFromBody, { failClosed: true }),
] as const;
export const registerRateLimit = rateLimit('register-ip', clientIp, { failClosed: true });
export const refreshRateLimit = rateLimit('refresh-family', refreshFamily);
/** After requireUser: counts against the signed-in author. */
export const postCreateRateLimit = rateLimit('post-create', signedInUser);
/** After requireUser: counts against the signed-in commenter. */
export const commentCreateRateLimit = rateLimit('comment-create', signedInUser);
