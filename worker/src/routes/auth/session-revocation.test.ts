import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { testConfig } from '#test/deps';
import { appOnEngine } from '#test/engine-app';
import { createUser } from '#test/factories';
import { contractEngines } from '#test/postgres';
import { bearer } from '#test/requests';

const engines = await contractEngines();

/** A token signed with the app's own key, but with the issue time and lifetime we choose. */
async function forgedToken(userId: string, username: string, issuedAt: number, expiresAt: number) {
  const [key] = testConfig.jwt.keys;
  return new SignJWT({ username, role: 'user', ver: 0 })
    .setProtectedHeader({ alg: 'HS256', kid: key?.kid ?? '', typ: 'at+jwt' })
    .setSubject(userId)
    .setIssuer(testConfig.jwt.issuer)
    .setAudience(testConfig.jwt.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(key?.secret));
}

describe.each(engines)('ending sessions on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    const t = appOnEngine(engine);

    const me = (accessToken: string) => t.client.get('/api/users/me', bearer(accessToken));

    it('logout ends that session’s access token at once, and only that session', async () => {
      const { user, password } = await createUser(t.db);
      const phone = await t.client.login(user.email, password);
      const laptop = await t.client.login(user.email, password);
      const res = await t.client.post('/api/auth/logout', { refreshToken: phone.refreshToken });
      expect(res.status).toBe(204);
      expect((await me(phone.accessToken)).status).toBe(401);
      expect((await me(laptop.accessToken)).status).toBe(200);
    });

    it('sign out everywhere ends every access token and refresh family at once', async () => {
      const { user, password } = await createUser(t.db);
      const sessions = [await t.client.login(user.email, password), await t.client.login(user.email, password)];
      const res = await t.client.post('/api/auth/logout-all', undefined, sessions[0]?.headers);
      expect(res.status).toBe(204);
      for (const session of sessions) {
        expect((await me(session.accessToken)).status).toBe(401);
        expect((await t.client.post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
      }
      expect((await t.client.post('/api/auth/logout-all')).status).toBe(401);
      await t.client.login(user.email, password);
    });

    it('refresh-token reuse ends the access tokens of the revoked family at once', async () => {
      const { user, password } = await createUser(t.db);
      const session = await t.client.login(user.email, password);
      const rotated = await (await t.client.post('/api/auth/refresh', { refreshToken: session.refreshToken })).json();
      expect((await me(rotated.accessToken)).status).toBe(200);
      const reuse = await t.client.post('/api/auth/refresh', { refreshToken: session.refreshToken });
      expect((await reuse.json()).error.code).toBe('refresh_reused');
      expect((await me(rotated.accessToken)).status).toBe(401);
      expect((await me(session.accessToken)).status).toBe(401);
    });

    it('refuses a token issued in the future or living longer than configured', async () => {
      const { user } = await createUser(t.db);
      const now = Math.floor(Date.now() / 1000);
      const fine = await forgedToken(user.id, user.username, now, now + 15 * 60);
      expect((await me(fine)).status).toBe(200);
      const future = await forgedToken(user.id, user.username, now + 3600, now + 3600 + 60);
      const futureRes = await me(future);
      expect(futureRes.status).toBe(401);
      expect((await futureRes.json()).error.code).toBe('token_invalid');
      const longLived = await forgedToken(user.id, user.username, now, now + 30 * 24 * 3600);
      expect((await me(longLived)).status).toBe(401);
    });
  });
});
