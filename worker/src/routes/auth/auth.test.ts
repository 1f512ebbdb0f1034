import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens, users } from '#db/schema';
import type { Database } from '#db/types';
import { postsAppOn } from '#test/app-under-test';
import { createTestDeps, testConfig } from '#test/deps';
import { createUser } from '#test/factories';
import { contractEngines } from '#test/postgres';
import { type Answerer, bearer, refreshCookieOf, testClient } from '#test/requests';
import { createApp } from '#worker/app';

const engines = await contractEngines();
const password = 'a-long-unusual-passphrase';

describe.each(engines)('auth routes on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    let app: Answerer;
    let client: ReturnType<typeof testClient>;

    beforeAll(async () => {
      const opened = await engine.open();
      ({ db, close } = opened);
      app = (await postsAppOn(opened)).app;
      client = testClient(app);
    });
    afterAll(() => close());

    let n = 0;
    const fresh = () => {
      n += 1;
      return { email: `Person${n}@Example.test`, username: `Person_${n}`, password };
    };
    const errorOf = async (res: Response) =>
      ((await res.json()) as { error: { code: string; details?: object } }).error;

    describe('POST /api/auth/register', () => {
      it('creates the account, signs it in and sets the refresh cookie', async () => {
        const input = fresh();
        const res = await client.post('/api/auth/register', input);
        expect(res.status).toBe(201);
        const body = await res.json();
        expect(body.user).toMatchObject({ username: input.username.toLowerCase(), email: input.email.toLowerCase() });
        expect(body.user).not.toHaveProperty('passwordHash');
        expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
        const cookie = res.headers.get('set-cookie') ?? '';
        expect(cookie).toContain(`refresh_token=${body.refreshToken}`);
        expect(cookie).toMatch(/HttpOnly/);
        expect(cookie).toMatch(/SameSite=Strict/);
        expect(cookie).toMatch(/Path=\/api\/auth/);
        expect(cookie).not.toMatch(/Secure/);
        // Beside it, the readable hint that a session exists (no secret in it), for the whole site.
        const hint = res.headers.getSetCookie().find((c) => c.startsWith('signed_in='));
        expect(hint).toMatch(/^signed_in=1; Max-Age=\d+; Path=\/; SameSite=Lax$/);
        const me = await client.get('/api/users/me', bearer(body.accessToken));
        expect((await me.json()).user.id).toBe(body.user.id);
      });

      it('stores a hash, never the password or the refresh token', async () => {
        const input = fresh();
        const body = await (await client.post('/api/auth/register', input)).json();
        const [row] = await db.select().from(users).where(eq(users.id, body.user.id));
        expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        const tokens = await db.select().from(refreshTokens).where(eq(refreshTokens.userId, body.user.id));
        expect(tokens).toHaveLength(1);
        expect(tokens[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
        expect(tokens[0]?.tokenHash).not.toContain(body.refreshToken);
      });

      it('answers 409 naming the field for a taken email, in any case', async () => {
        const input = fresh();
        await client.post('/api/auth/register', input);
        const res = await client.post('/api/auth/register', { ...fresh(), email: input.email.toUpperCase() });
        expect(res.status).toBe(409);
        expect(await errorOf(res)).toMatchObject({ code: 'conflict', details: { field: 'email' } });
      });

      it('answers 409 naming the field for a taken username, in any case', async () => {
        const input = fresh();
        await client.post('/api/auth/register', input);
        const res = await client.post('/api/auth/register', { ...fresh(), username: input.username.toUpperCase() });
        expect(res.status).toBe(409);
        expect(await errorOf(res)).toMatchObject({ code: 'conflict', details: { field: 'username' } });
      });

      it.each([
        ['a malformed email', { email: 'not-an-email' }, 'email'],
        ['a short password', { password: 'short' }, 'password'],
        ['an overlong password', { password: 'x'.repeat(257) }, 'password'],
        ['a common password', { password: 'Password123' }, 'password'],
        ['the username as password', { username: 'samename', password: 'samename' }, 'password'],
        ['a short username', { username: 'ab' }, 'username'],
        ['a username with spaces', { username: 'two words' }, 'username'],
        ['a reserved username', { username: 'Admin' }, 'username'],
        ['the reserved username me', { username: 'me' }, 'username'],
        ['a missing field', { email: undefined }, 'email'],
      ])('answers 422 for %s', async (_, override, field) => {
        const res = await client.post('/api/auth/register', { ...fresh(), ...override });
        expect(res.status).toBe(422);
        const error = await errorOf(res);
        expect(error.code).toBe('validation_failed');
        expect(error.details).toHaveProperty(field);
      });

      it('answers 400 for malformed JSON, 415 for another content type, 413 for a huge body', async () => {
        const malformed = await app.request('/api/auth/register', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"email":',
        });
        expect(malformed.status).toBe(400);
        const form = await app.request('/api/auth/register', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '11' },
          body: 'email=a@b.c',
        });
        expect(form.status).toBe(415);
        const huge = await client.post('/api/auth/register', { ...fresh(), bio: 'x'.repeat(300_000) });
        expect(huge.status).toBe(413);
      });
    });

    it('marks the cookie Secure when the public URL is https', async () => {
      const deps = await createTestDeps(db, { config: { ...testConfig, publicUrl: 'https://blog.example' } });
      const res = await testClient(createApp(deps)).post('/api/auth/register', fresh());
      expect(res.status).toBe(201);
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    });

    it('answers 405 with Allow for a wrong method on an auth route', async () => {
      const res = await client.get('/api/auth/login');
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toContain('POST');
    });

    describe('POST /api/auth/login', () => {
      it('signs in with any case of the email and sets the cookie', async () => {
        const { user, password: pw } = await createUser(db);
        const res = await client.post('/api/auth/login', { email: user.email.toUpperCase(), password: pw });
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body.user).toMatchObject({ id: user.id, email: user.email });
        expect(refreshCookieOf(res)).toBe(body.refreshToken);
      });

      it('answers the same 401 for an unknown email and a wrong password', async () => {
        const { user } = await createUser(db);
        const wrong = await client.post('/api/auth/login', { email: user.email, password: 'not-the-password' });
        const unknown = await client.post('/api/auth/login', { email: 'nobody@example.test', password: 'whatever1' });
        expect(wrong.status).toBe(401);
        expect(unknown.status).toBe(401);
        const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
        expect(a).toEqual({ ...b, requestId: expect.any(String) });
        expect(a.code).toBe('invalid_credentials');
      });

      it('answers 403 account_suspended to a suspended user with the right password only', async () => {
        const { user, password: pw } = await createUser(db, { suspended: true });
        const right = await client.post('/api/auth/login', { email: user.email, password: pw });
        expect(right.status).toBe(403);
        expect((await errorOf(right)).code).toBe('account_suspended');
        const wrong = await client.post('/api/auth/login', { email: user.email, password: 'not-the-password' });
        expect(wrong.status).toBe(401);
      });

      it('answers 422 for a missing password', async () => {
        const res = await client.post('/api/auth/login', { email: 'a@b.test' });
        expect(res.status).toBe(422);
        expect(await errorOf(res)).toMatchObject({ details: { password: expect.any(Array) } });
      });
    });

    describe('POST /api/auth/refresh', () => {
      it('rotates a token presented in the cookie and sets the next one', async () => {
        const { user, password: pw } = await createUser(db);
        const session = await client.login(user.email, pw);
        const res = await client.post('/api/auth/refresh', undefined, {
          Cookie: `refresh_token=${session.refreshToken}`,
        });
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body.refreshToken).not.toBe(session.refreshToken);
        expect(refreshCookieOf(res)).toBe(body.refreshToken);
        expect((await client.get('/api/users/me', bearer(body.accessToken))).status).toBe(200);
      });

      it('rotates a token presented in the body', async () => {
        const { user, password: pw } = await createUser(db);
        const session = await client.login(user.email, pw);
        const first = await (await client.post('/api/auth/refresh', { refreshToken: session.refreshToken })).json();
        const second = await client.post('/api/auth/refresh', { refreshToken: first.refreshToken });
        expect(second.status).toBe(200);
      });

      it('detects reuse: 401 refresh_reused and the whole family revoked', async () => {
        const { user, password: pw } = await createUser(db);
        const session = await client.login(user.email, pw);
        const rotated = await (await client.post('/api/auth/refresh', { refreshToken: session.refreshToken })).json();
        const replay = await client.post('/api/auth/refresh', { refreshToken: session.refreshToken });
        expect(replay.status).toBe(401);
        expect((await errorOf(replay)).code).toBe('refresh_reused');
        const successor = await client.post('/api/auth/refresh', { refreshToken: rotated.refreshToken });
        expect(successor.status).toBe(401);
        expect((await errorOf(successor)).code).toBe('token_invalid');
      });

      it('leaves the user\u2019s other sessions alone when one family is revoked', async () => {
        const { user, password: pw } = await createUser(db);
        const stolen = await client.login(user.email, pw);
        const other = await client.login(user.email, pw);
        await client.post('/api/auth/refresh', { refreshToken: stolen.refreshToken });
        await client.post('/api/auth/refresh', { refreshToken: stolen.refreshToken });
        expect((await client.post('/api/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(200);
      });

      it('answers 401 token_invalid for an unknown or expired token', async () => {
        const unknown = await client.post('/api/auth/refresh', { refreshToken: 'A'.repeat(43) });
        expect(unknown.status).toBe(401);
        expect((await errorOf(unknown)).code).toBe('token_invalid');
        const { user, password: pw } = await createUser(db);
        const session = await client.login(user.email, pw);
        // The session's time runs out: the expiry moves, since the Worker's clock cannot (a day back, as
        // workerd's clock only advances with I/O and may lag this process's under load).
        await db
          .update(refreshTokens)
          .set({ expiresAt: new Date(Date.now() - 24 * 3600 * 1000) })
          .where(eq(refreshTokens.userId, user.id));
        const expired = await client.post('/api/auth/refresh', { refreshToken: session.refreshToken });
        expect(expired.status).toBe(401);
        expect((await errorOf(expired)).code).toBe('token_invalid');
      });

      it('answers 401 unauthenticated when no token is presented, and clears a stale session hint', async () => {
        const res = await client.post('/api/auth/refresh');
        expect(res.status).toBe(401);
        expect((await errorOf(res)).code).toBe('unauthenticated');
        expect(res.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^signed_in=; Max-Age=0; Path=\/;/));
      });
    });

    describe('POST /api/auth/logout', () => {
      it('revokes the presented session and clears the cookie', async () => {
        const { user, password: pw } = await createUser(db);
        const session = await client.login(user.email, pw);
        const rotated = await (await client.post('/api/auth/refresh', { refreshToken: session.refreshToken })).json();
        const res = await client.post('/api/auth/logout', undefined, {
          Cookie: `refresh_token=${rotated.refreshToken}`,
        });
        expect(res.status).toBe(204);
        expect(res.headers.get('set-cookie')).toMatch(/refresh_token=;.*Max-Age=0/);
        expect(res.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^signed_in=; Max-Age=0; Path=\/;/));
        const after = await client.post('/api/auth/refresh', { refreshToken: rotated.refreshToken });
        expect(after.status).toBe(401);
      });

      it('is idempotent: no token or an unknown one is still 204', async () => {
        expect((await client.post('/api/auth/logout')).status).toBe(204);
        expect((await client.post('/api/auth/logout', { refreshToken: 'unknown' })).status).toBe(204);
      });
    });
  });
});
