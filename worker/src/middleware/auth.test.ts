import { eq, sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { users } from '#db/schema';
import type { Database } from '#db/types';
import { createTestDeps, testConfig } from '#test/deps';
import { createUser, type UserRow } from '#test/factories';
import { createTestDatabase, type TestDatabase } from '#test/postgres';
import { bearer } from '#test/requests';
import { postgresAvailable } from '#test/services';
import { createApp } from '../app';
import { parseEnv, sharedEnvShape, toAppConfig } from '../config/shared-env';
import type { AppConfig } from '../ports';
import { signAccessToken } from '../services/auth/access-token';

const available = await postgresAvailable();
const encoder = new TextEncoder();

/** A token with the right key and claims, under a header of the test's choosing. */
function signWithHeader(user: UserRow, alg: string, typ: string) {
  const [key] = testConfig.jwt.keys;
  return new SignJWT({ username: user.username, role: 'user', ver: 0 })
    .setProtectedHeader({ alg, kid: 'test', typ })
    .setSubject(user.id)
    .setIssuer('edgepress')
    .setAudience('edgepress')
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(encoder.encode(key?.secret));
}
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.skipIf(!available)('access tokens at the door', () => {
  let database: TestDatabase;
  let db: Database;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.handle.db;
    app = createApp(await createTestDeps(db));
  });
  afterAll(() => database.drop());

  const me = (headers: Record<string, string>) => app.request('/api/users/me', { headers });
  async function expect401(res: Response, code = 'token_invalid') {
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe(code);
  }
  const claimsOf = (user: { id: string; username: string; role: 'user' | 'admin' }) => ({
    userId: user.id,
    username: user.username,
    role: user.role,
    version: 0,
  });
  const withJwt = (jwt: Partial<AppConfig['jwt']>): AppConfig => ({
    ...testConfig,
    jwt: { ...testConfig.jwt, ...jwt },
  });

  it('accepts a valid token', async () => {
    const { headers } = await createUser(db);
    expect((await me(headers)).status).toBe(200);
  });

  it('refuses a token signed with another secret under the right kid', async () => {
    const { user } = await createUser(db);
    const forged = await signAccessToken(
      withJwt({ keys: [{ kid: 'test', secret: 'an-attacker-secret-an-attacker-secret' }] }),
      claimsOf(user),
      new Date(),
    );
    await expect401(await me(bearer(forged)));
  });

  it('refuses a token whose payload was edited (role raised to admin)', async () => {
    const { user, accessToken } = await createUser(db);
    const [header, , signature] = accessToken.split('.');
    const now = Math.floor(Date.now() / 1000);
    const payload = base64url({
      sub: user.id,
      username: user.username,
      role: 'admin',
      ver: 0,
      iss: 'edgepress',
      aud: 'edgepress',
      iat: now,
      exp: now + 900,
    });
    await expect401(await me(bearer(`${header}.${payload}.${signature}`)));
  });

  it('refuses an expired token with token_expired', async () => {
    const { user } = await createUser(db);
    const old = await signAccessToken(testConfig, claimsOf(user), new Date(Date.now() - 16 * 60 * 1000));
    await expect401(await me(bearer(old)), 'token_expired');
  });

  it('refuses alg "none"', async () => {
    const { user } = await createUser(db);
    const now = Math.floor(Date.now() / 1000);
    const header = base64url({ alg: 'none', typ: 'at+jwt', kid: 'test' });
    const payload = base64url({
      sub: user.id,
      username: user.username,
      role: 'user',
      ver: 0,
      iss: 'edgepress',
      aud: 'edgepress',
      iat: now,
      exp: now + 900,
    });
    await expect401(await me(bearer(`${header}.${payload}.`)));
  });

  it('refuses an algorithm outside the allow-list, even with the right secret', async () => {
    const { user } = await createUser(db);
    const hs512 = await signWithHeader(user, 'HS512', 'at+jwt');
    await expect401(await me(bearer(hs512)));
  });

  it.each([
    ['another audience', { audience: 'someone-else' }],
    ['another issuer', { issuer: 'evil-issuer' }],
    ['an unknown kid', { keys: [{ kid: 'nobody-knows', secret: testConfig.jwt.keys[0]?.secret ?? '' }] }],
  ])('refuses a token for %s', async (_, jwt) => {
    const { user } = await createUser(db);
    await expect401(await me(bearer(await signAccessToken(withJwt(jwt), claimsOf(user), new Date()))));
  });

  it('refuses a JWT of another type (typ must be at+jwt)', async () => {
    const { user } = await createUser(db);
    const other = await signWithHeader(user, 'HS256', 'JWT');
    await expect401(await me(bearer(other)));
  });

  it.each([
    ['Basic dXNlcjpwYXNz'],
    ['Bearer'],
    ['Bearer not a token'],
    ['Bearer abc.def.ghi'],
  ])('refuses the Authorization header %j', async (header) => {
    await expect401(await me({ Authorization: header }));
  });

  it('answers 401 unauthenticated without any token', async () => {
    await expect401(await me({}), 'unauthenticated');
  });

  it('refuses a token issued before the user’s token version was bumped', async () => {
    const { user, headers } = await createUser(db);
    await db
      .update(users)
      .set({ tokenVersion: sql`${users.tokenVersion} + 1` })
      .where(eq(users.id, user.id));
    await expect401(await me(headers));
  });

  it('refuses a token of a deleted user', async () => {
    const { user, headers } = await createUser(db);
    await db.delete(users).where(eq(users.id, user.id));
    await expect401(await me(headers));
  });

  it('rotates keys through JWT_KEYS: new tokens use the first key, the old kid still verifies', async () => {
    const env = parseEnv(z.object(sharedEnvShape), {
      JWT_KEYS: JSON.stringify([
        { kid: 'k2', secret: 'second-key-second-key-second-key-0000' },
        { kid: 'test', secret: testConfig.jwt.keys[0]?.secret },
      ]),
      REALTIME_SECRET: testConfig.realtime.secret,
    });
    const config = toAppConfig(env, {
      publicUrl: 'http://localhost',
      realtimeUrl: 'http://localhost',
      clientIpHeader: null,
    });
    const rotated = createApp(await createTestDeps(db, { config }));
    const { user, headers: oldHeaders } = await createUser(db);
    expect((await rotated.request('/api/users/me', { headers: oldHeaders })).status).toBe(200);
    const login = await rotated.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: 'factory-password-1234' }),
    });
    const { accessToken } = await login.json();
    const header = JSON.parse(Buffer.from(accessToken.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'HS256', kid: 'k2', typ: 'at+jwt' });
    expect((await rotated.request('/api/users/me', { headers: bearer(accessToken) })).status).toBe(200);
    // The app still on the old key alone does not know k2.
    await expect401(await me(bearer(accessToken)));
  });
});
