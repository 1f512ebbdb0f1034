import { hc } from 'hono/client';
import type { App } from '../../../worker/src/app';
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

/** Awaits a typed RPC call and returns its success body, typed by the route; failures throw ApiError. */
export async function unwrap<T>(call: Promise<JsonAnswer & { json(): Promise<T> }>): Promise<T> {
  return readJson<T>(await call);
}

type Json = Record<string, unknown> | unknown[];

function send<T>(method: string, path: string, body?: Json | FormData): Promise<T> {
  const init: RequestInit = { method };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  return authedFetch(apiUrl(path), init).then((response) => readJson<T>(response));
}

/** Plain JSON calls for routes whose typed client shape is not yet relied upon. */
export const api = {
  get: <T>(path: string) => send<T>('GET', path),
  post: <T>(path: string, body?: Json | FormData) => send<T>('POST', path, body),
  patch: <T>(path: string, body: Json) => send<T>('PATCH', path, body),
  put: <T>(path: string, body: Json) => send<T>('PUT', path, body),
  delete: <T = void>(path: string, body?: Json) => send<T>('DELETE', path, body),
};

/** Builds a query string, leaving out empty values. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
