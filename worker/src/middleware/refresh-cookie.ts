import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env';
import { refreshTokenTtlSeconds } from '../services/auth/refresh-token';

const cookieName = 'refresh_token';

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

export function setRefreshCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, cookieName, token, { ...cookieOptions(c), maxAge: refreshTokenTtlSeconds });
}

export function clearRefreshCookie(c: Context<AppEnv>): void {
  deleteCookie(c, cookieName, cookieOptions(c));
}

/** The token from the body (non-browser clients) or else the cookie (browsers). */
export function presentedRefreshToken(c: Context<AppEnv>, fromBody: string | undefined): string | undefined {
  return fromBody ?? getCookie(c, cookieName);
}
