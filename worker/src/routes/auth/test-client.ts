import type { Database } from '../../../../db/types';
import { createPgliteDatabase, createTestDatabase } from '../../../../test/support/postgres';
import { postgresAvailable } from '../../../../test/support/services';
import type { App } from '../../app';

type Headers = Record<string, string>;

/** JSON-speaking wrapper over `app.request` for the auth and account tests. */
export function testClient(app: App) {
  const send = (method: string, path: string, body?: unknown, headers: Headers = {}) =>
    app.request(path, {
      method,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    send,
    get: (path: string, headers?: Headers) => send('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Headers) => send('POST', path, body, headers),
    patch: (path: string, body?: unknown, headers?: Headers) => send('PATCH', path, body, headers),
    /** Signs in through the real route; returns the tokens and a bearer header. */
    async login(email: string, password: string) {
      const res = await send('POST', '/api/auth/login', { email, password });
      if (res.status !== 200) throw new Error(`login failed with ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { accessToken: string; refreshToken: string; user: { id: string } };
      return { ...body, headers: bearer(body.accessToken) };
    },
  };
}

export const bearer = (token: string): Headers => ({ Authorization: `Bearer ${token}` });

/** The `refresh_token` value a response sets, or undefined. */
export function refreshCookieOf(res: Response): string | undefined {
  return /(?:^|,\s*)refresh_token=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
}

export interface TestEngine {
  name: string;
  available: boolean;
  open(): Promise<{ db: Database; close: () => Promise<void> }>;
}

/** The two engines every auth flow runs on: real Postgres (a fresh database) and PGlite. */
export async function testEngines(): Promise<TestEngine[]> {
  return [
    {
      name: 'Postgres',
      available: await postgresAvailable(),
      async open() {
        const database = await createTestDatabase();
        return { db: database.handle.db, close: () => database.drop() };
      },
    },
    {
      name: 'PGlite',
      available: true,
      async open() {
        const handle = await createPgliteDatabase();
        return { db: handle.db, close: () => handle.close() };
      },
    },
  ];
}
