import { apiUrl } from './api-base';
import { readJson } from './api-error';
import { sessionStore, setAccessToken, setUser, signOutLocally } from './session';
import type { Me } from './types';

const LOCK_NAME = 'edgepress:auth-refresh';
let inflight: Promise<string | null> | null = null;

/**
 * Gets a new access token through the HttpOnly refresh cookie. The server treats a reused refresh
 * token as theft and revokes the whole family, so two refreshes must never present the same cookie:
 * calls share one request within the tab, and the Web Locks API serializes tabs, so a tab waiting
 * for the lock sends the cookie the previous tab's answer just set.
 */
export function refreshSession(): Promise<string | null> {
  inflight ??= withCrossTabLock(refreshOnce).finally(() => {
    inflight = null;
  });
  return inflight;
}

async function withCrossTabLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return task();
  return locks.request(LOCK_NAME, task);
}

/**
 * The server sets a readable `signed_in` cookie beside the HttpOnly refresh cookie and clears it
 * with it: without it there is no session to refresh, and asking would only earn a 401 (and spend
 * the refresh route's rate limit) on every page a signed-out reader opens.
 */
export function hasSessionHint(): boolean {
  return typeof document !== 'undefined' && document.cookie.split('; ').some((c) => c.startsWith('signed_in='));
}

async function refreshOnce(): Promise<string | null> {
  if (!hasSessionHint()) {
    signOutLocally();
    return null;
  }
  let response: Response;
  try {
    response = await fetch(apiUrl('/api/auth/refresh'), { method: 'POST', credentials: 'include' });
  } catch {
    // Offline: keep whatever state we have; the next request will try again.
    return sessionStore.getState().accessToken;
  }
  if (response.status === 401 || response.status === 403) {
    signOutLocally();
    return null;
  }
  const { accessToken } = await readJson<{ accessToken: string }>(response);
  setAccessToken(accessToken);
  if (!sessionStore.getState().user) {
    const me = await fetch(apiUrl('/api/users/me'), { headers: { Authorization: `Bearer ${accessToken}` } });
    const { user } = await readJson<{ user: Me }>(me);
    setUser(user);
  }
  return accessToken;
}
