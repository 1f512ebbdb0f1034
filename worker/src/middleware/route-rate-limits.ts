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

/**
 * The account a login tries, as seen from one client: a stranger spending the budget from their
 * address does not lock the owner out of theirs (ADR 0112). Guessing from many addresses is bounded
 * by each address's own login-ip budget and by argon2id.
 */
async function accountFromClient(c: Context<AppEnv>): Promise<string | undefined> {
  const email = await emailFromBody(c);
  return email === undefined ? undefined : `${email}|${clientIp(c) ?? 'unknown'}`;
}

// Login, register and reset requests fail closed: a short outage is better than a brute-force window.
export const loginRateLimits = [
  rateLimit('login-ip', clientIp, { failClosed: true }),
  rateLimit('login-account', accountFromClient, { failClosed: true }),
] as const;
/** Per client and per address: nobody floods an inbox, and the limit tells nothing about accounts. */
export const passwordResetRateLimits = [
  rateLimit('password-reset-ip', clientIp, { failClosed: true }),
  rateLimit('password-reset-address', emailFromBody, { failClosed: true }),
] as const;
/** After requireUser: verification links a signed-in user may ask for. */
export const verifyResendRateLimit = rateLimit('verify-resend', signedInUser, { failClosed: true });
export const registerRateLimit = rateLimit('register-ip', clientIp, { failClosed: true });
export const refreshRateLimit = rateLimit('refresh-family', refreshFamily);
/** After requireUser: counts against the signed-in author. */
export const postCreateRateLimit = rateLimit('post-create', signedInUser);
/** After requireUser: counts against the signed-in commenter. */
export const commentCreateRateLimit = rateLimit('comment-create', signedInUser);
