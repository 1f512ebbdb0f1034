import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bearer, call, type ErrorBody, post } from './worker-client';

const available = inject('databaseUrl') !== '';
const password = 'a-long-unusual-passphrase';

interface Session {
  user: { id: string; username: string; email: string };
  accessToken: string;
  refreshToken: string;
}

function refreshCookieOf(res: Response): string {
  const cookie = res.headers.get('set-cookie') ?? '';
  const token = /refresh_token=([^;]*)/.exec(cookie)?.[1];
  if (!token) throw new Error(`no refresh cookie in ${cookie}`);
  return token;
}

describe.skipIf(!available)('authentication inside workerd', () => {
  const email = `Edge.Reader.${Date.now()}@Example.test`;
  const username = `edge_reader_${Date.now() % 1_000_000}`;
  let registered: Session;

  beforeAll(async () => {
    // The first request loads the whole module graph through Vite, which takes seconds on a small machine.
    await call('/api/health');
  }, 120_000);

  it('registers with argon2id from the bundled wasm and sets the refresh cookie', async () => {
    const res = await post('/api/auth/register', { email, username, password });
    expect(res.status).toBe(201);
    registered = await res.json<Session>();
    expect(registered.user).toMatchObject({ username, email: email.toLowerCase() });
    expect(refreshCookieOf(res)).toBe(registered.refreshToken);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
  });

  it('refuses a taken email with 409 naming the field', async () => {
    const res = await post('/api/auth/register', { email: email.toUpperCase(), username: 'someone_else', password });
    expect(res.status).toBe(409);
    expect((await res.json<ErrorBody>()).error).toMatchObject({ code: 'conflict', details: { field: 'email' } });
  });

  it('logs in, and refuses a wrong password with invalid_credentials', async () => {
    const ok = await post('/api/auth/login', { email, password });
    expect(ok.status).toBe(200);
    expect((await ok.json<Session>()).user.id).toBe(registered.user.id);
    const wrong = await post('/api/auth/login', { email, password: `${password}!` });
    expect(wrong.status).toBe(401);
    expect((await wrong.json<ErrorBody>()).error.code).toBe('invalid_credentials');
  });

  it('answers /api/users/me for the access token, and 401 without one', async () => {
    const me = await call('/api/users/me', { headers: bearer(registered.accessToken) });
    expect(me.status).toBe(200);
    expect((await me.json<{ user: Session['user'] }>()).user).toMatchObject({
      id: registered.user.id,
      email: email.toLowerCase(),
    });
    const anonymous = await call('/api/users/me');
    expect(anonymous.status).toBe(401);
  });

  it('rotates the refresh token, detects reuse and revokes the family, and logs out', async () => {
    const login = await (await post('/api/auth/login', { email, password })).json<Session>();

    const rotated = await post('/api/auth/refresh', {}, { Cookie: `refresh_token=${login.refreshToken}` });
    expect(rotated.status).toBe(200);
    const next = await rotated.json<{ accessToken: string; refreshToken: string }>();
    expect(next.refreshToken).not.toBe(login.refreshToken);
    expect(refreshCookieOf(rotated)).toBe(next.refreshToken);

    const reused = await post('/api/auth/refresh', { refreshToken: login.refreshToken });
    expect(reused.status).toBe(401);
    expect((await reused.json<ErrorBody>()).error.code).toBe('refresh_reused');
    // Reuse revoked the whole family, so the newest token is dead too.
    const afterReuse = await post('/api/auth/refresh', { refreshToken: next.refreshToken });
    expect(afterReuse.status).toBe(401);

    const other = await (await post('/api/auth/login', { email, password })).json<Session>();
    const logout = await post('/api/auth/logout', {}, { Cookie: `refresh_token=${other.refreshToken}` });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/refresh_token=;/);
    const afterLogout = await post('/api/auth/refresh', { refreshToken: other.refreshToken });
    expect(afterLogout.status).toBe(401);
  });

  it('logs in repeatedly with the real argon2id hash, reporting the p50', async () => {
    const samples: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      const started = performance.now();
      const res = await post('/api/auth/login', { email, password });
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    const p50 = samples[Math.floor(samples.length / 2)] ?? 0;
    console.log(`login p50 inside workerd: ${p50.toFixed(1)} ms (n=${samples.length})`);
  });
});
