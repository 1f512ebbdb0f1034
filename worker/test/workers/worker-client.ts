import { exports } from 'cloudflare:workers';

/** Calls the real Worker (its default export, Sentry wrapper included) the way a client would. */
export function call(path: string, init: RequestInit = {}) {
  return exports.default.fetch(new Request(`http://edge.test${path}`, init));
}

/** A JSON POST, optionally with headers such as a bearer token or a cookie. */
export function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.7', ...headers },
    body: JSON.stringify(body),
  });
}

export function bearer(token: string) {
  return { Authorization: `Bearer ${token}` };
}

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: Record<string, unknown> };
}

/** A registered account as the register route answers it. */
export interface Session {
  user: { id: string; username: string };
  accessToken: string;
}

/** Registers a fresh account named after `name` (made unique) and returns its session. */
export async function register(name: string): Promise<Session> {
  const suffix = `${Date.now() % 1_000_000}${Math.floor(Math.random() * 1000)}`;
  const res = await post('/api/auth/register', {
    email: `${name}.${suffix}@example.test`,
    username: `${name}_${suffix}`,
    password: 'a-long-unusual-passphrase',
  });
  if (res.status !== 201) throw new Error(`register ${name}: ${res.status} ${await res.text()}`);
  return res.json<Session>();
}
