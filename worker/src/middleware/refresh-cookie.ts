import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env';
import { refreshTokenTtlSeconds } from '../services/auth/refresh-token';

const cookieName = 'refresh_token';
/**
 * Readable by the page and holding no secret: it says only that a refresh cookie was set, so the
 * app asks for a session only when there is one (a signed-out reader never calls refresh), and
 * caches in front of reader pages let its holders through to fresh answers.
 */
export const sessionHintCookie = 'signed_in';

/** Whether a Cookie header carries the session hint: such a visitor skips every shared copy. */
export const carriesSessionHint = (cookie: string | null | undefined): boolean =>
  cookie !== null && cookie !== undefined && /(?:^|;\s*)signed_in=/.test(cookie);

/**
 * HttpOnly so scripts (and XSS) cannot read it, SameSite=Strict so other sites cannot make the
 * browser send it, and scoped to /api/auth so it travels only to the routes that need it.
 */
function cookieOptions(c: Context<AppEnv>) {
  return {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/api/auth',
    secure: c.get('deps').config.publicUrl.startsWith('https:'),
  } as const;
}

function hintOptions(c: Context<AppEnv>) {
  return { sameSite: 'Lax', path: '/', secure: c.get('deps').config.publicUrl.startsWith('https:') } as const;
}

export function setRefreshCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, cookieName, token, { ...cookieOptions(c), maxAge: refreshTokenTtlSeconds });
  setCookie(c, sessionHintCookie, '1', { ...hintOptions(c), maxAge: refreshTokenTtlSeconds });
}

export function clearRefreshCookie(c: Context<AppEnv>): void {
  deleteCookie(c, cookieName, cookieOptions(c));
  deleteCookie(c, sessionHintCookie, hintOptions(c));
}

/** The token from the body (non-browser clients) or else the cookie (browsers). */
export function presentedRefreshToken(c: Context<AppEnv>, fromBody: string | undefined): string | undefined {
  return fromBody ?? getCookie(c, cookieName);
}
