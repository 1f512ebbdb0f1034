import { type ClientResponse, hc } from 'hono/client';
import type { App } from '#worker/app';
import { apiUrl } from './api-base';
import { type JsonAnswer, readJson } from './api-error';
import { refreshSession } from './refresh';
import { sessionStore } from './session';

const NO_RETRY = ['/api/auth/login', '/api/auth/register', '/api/auth/refresh', '/api/auth/logout'];

function withToken(init: RequestInit | undefined, token: string | null): RequestInit {
  const headers = new Headers(init?.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return { credentials: 'include', ...init, headers };
}

/**
 * fetch with the in-memory access token; on a 401 it refreshes once (single-flight, see refresh.ts)
 * and replays the request with the new token.
 */
export const authedFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const token = sessionStore.getState().accessToken;
  const response = await fetch(input, withToken(init, token));
  if (response.status !== 401 || NO_RETRY.some((path) => url.includes(path))) return response;
  const fresh = await refreshSession().catch(() => null);
  if (!fresh) return response;
  return fetch(input, withToken(init, fresh));
};

/** The typed RPC client over the API's route tree (type-only import: no server code reaches the bundle). */
export const rpc = () => hc<App>(apiUrl('/'), { fetch: authedFetch });

/** The JSON body a route answers with (a redirect or an empty 204 has none). */
type JsonBodyOf<R> =
  R extends ClientResponse<infer T, number, 'json'> ? T : R extends ClientResponse<unknown, 204> ? undefined : never;

/** Awaits a typed RPC call and returns its success body, typed by the route; failures throw ApiError. */
export async function unwrap<R extends JsonAnswer>(call: Promise<R>): Promise<JsonBodyOf<R>> {
  return readJson<JsonBodyOf<R>>(await call);
}
