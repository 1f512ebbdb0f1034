import { describe, expect, it } from 'vitest';
import { follows } from '#db/schema';
import { appOnEngine } from '#test/engine-app';
import { createUser } from '#test/factories';
import { contractEngines } from '#test/postgres';
import { bearer } from '#test/requests';

const engines = await contractEngines();

describe.each(engines)('users routes on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    const t = appOnEngine(engine);

    const errorOf = async (res: Response) =>
      ((await res.json()) as { error: { code: string; details?: object } }).error;

    describe('GET /api/users/me', () => {
      it('returns the caller with their email', async () => {
        const { user, headers } = await createUser(t.db);
        const res = await t.client.get('/api/users/me', headers);
        expect(res.status).toBe(200);
        expect((await res.json()).user).toMatchObject({ id: user.id, email: user.email, username: user.username });
        expect(res.headers.get('cache-control')).toContain('no-store');
      });

      it('answers 401 without a token', async () => {
        expect((await t.client.get('/api/users/me')).status).toBe(401);
      });
    });

    describe('PATCH /api/users/me', () => {
      it('edits display name, bio and avatar without a password', async () => {
        const { headers } = await createUser(t.db);
        const res = await t.client.patch(
          '/api/users/me',
          { displayName: '  Ada  ', bio: 'Writes about engines.', avatarUrl: '/media/abc123.png' },
          headers,
        );
        expect(res.status).toBe(200);
        expect((await res.json()).user).toMatchObject({
          displayName: 'Ada',
          bio: 'Writes about engines.',
          avatarUrl: '/media/abc123.png',
        });
        const cleared = await t.client.patch('/api/users/me', { avatarUrl: null }, headers);
        expect((await cleared.json()).user.avatarUrl).toBeNull();
      });

      it('changes the username at once and asks the new email to confirm, lower-casing both', async () => {
        const { user, headers, password } = await createUser(t.db);
        const res = await t.client.patch(
          '/api/users/me',
          {
            email: `New.${user.email.toUpperCase()}`,
            username: `N${user.username}`.slice(0, 30),
            currentPassword: password,
          },
          headers,
        );
        // 202: the new address must confirm first (email-address.test.ts follows the link).
        expect(res.status).toBe(202);
        const { user: body, pendingEmail } = await res.json();
        expect(pendingEmail).toBe(`new.${user.email}`);
        expect(body.email).toBe(user.email);
        expect(body.username).toBe(`n${user.username}`.slice(0, 30));
        expect((await t.client.get(`/api/users/${body.username}`)).status).toBe(200);
        expect((await t.client.post('/api/auth/login', { email: user.email, password })).status).toBe(200);
      });

      it('answers 422 on currentPassword when it is missing or wrong for an identity change', async () => {
        const { headers } = await createUser(t.db);
        const missing = await t.client.patch('/api/users/me', { email: 'other@example.test' }, headers);
        expect(missing.status).toBe(422);
        expect((await errorOf(missing)).details).toHaveProperty('currentPassword');
        const wrong = await t.client.patch(
          '/api/users/me',
          { username: 'someone_else', currentPassword: 'not-the-password' },
          headers,
        );
        expect(wrong.status).toBe(422);
        expect((await errorOf(wrong)).details).toHaveProperty('currentPassword');
      });

      it('needs no password when the "new" email is the current one', async () => {
        const { user, headers } = await createUser(t.db);
        const res = await t.client.patch('/api/users/me', { email: user.email.toUpperCase(), bio: 'same' }, headers);
        expect(res.status).toBe(200);
      });

      it('answers 409 naming the field for a taken email or username', async () => {
        const { user: taken } = await createUser(t.db);
        const { headers, password } = await createUser(t.db);
        const email = await t.client.patch('/api/users/me', { email: taken.email, currentPassword: password }, headers);
        expect(email.status).toBe(409);
        expect(await errorOf(email)).toMatchObject({ code: 'conflict', details: { field: 'email' } });
        const name = await t.client.patch(
          '/api/users/me',
          { username: taken.username.toUpperCase(), currentPassword: password },
          headers,
        );
        expect(name.status).toBe(409);
        expect(await errorOf(name)).toMatchObject({ code: 'conflict', details: { field: 'username' } });
      });

      it.each([
        ['a javascript: avatar', { avatarUrl: 'javascript:alert(1)' }, 'avatarUrl'],
        ['a data: avatar', { avatarUrl: 'data:image/svg+xml,<svg onload=alert(1)>' }, 'avatarUrl'],
        ['a long display name', { displayName: 'x'.repeat(61) }, 'displayName'],
        ['a long bio', { bio: 'x'.repeat(501) }, 'bio'],
        ['a reserved username', { username: 'settings', currentPassword: 'x' }, 'username'],
        ['a bad email', { email: 'nope', currentPassword: 'x' }, 'email'],
        ['a non-string bio', { bio: 42 }, 'bio'],
      ])('answers 422 for %s', async (_, body, field) => {
        const { headers } = await createUser(t.db);
        const res = await t.client.patch('/api/users/me', body, headers);
        expect(res.status).toBe(422);
        expect((await errorOf(res)).details).toHaveProperty(field);
      });
    });

    describe('POST /api/users/me/password', () => {
      it('changes the password, revokes every other session and keeps the caller’s', async () => {
        const { user, password } = await createUser(t.db);
        const current = await t.client.login(user.email, password);
        const other = await t.client.login(user.email, password);
        const res = await t.client.post(
          '/api/users/me/password',
          { currentPassword: password, newPassword: 'a-brand-new-passphrase' },
          current.headers,
        );
        expect(res.status).toBe(204);

        // Every access token issued before, the caller's included, stops at once...
        expect((await t.client.get('/api/users/me', other.headers)).status).toBe(401);
        expect((await t.client.get('/api/users/me', current.headers)).status).toBe(401);
        // ...the other session cannot refresh, the caller's can, and continues.
        const otherRefresh = await t.client.post('/api/auth/refresh', { refreshToken: other.refreshToken });
        expect(otherRefresh.status).toBe(401);
        const refreshed = await t.client.post('/api/auth/refresh', { refreshToken: current.refreshToken });
        expect(refreshed.status).toBe(200);
        const { accessToken } = await refreshed.json();
        expect((await t.client.get('/api/users/me', bearer(accessToken))).status).toBe(200);

        expect((await t.client.post('/api/auth/login', { email: user.email, password })).status).toBe(401);
        expect(
          (await t.client.post('/api/auth/login', { email: user.email, password: 'a-brand-new-passphrase' })).status,
        ).toBe(200);
      });

      it('answers 422 for a wrong current password and for a weak new one', async () => {
        const { headers, password } = await createUser(t.db);
        const wrong = await t.client.post(
          '/api/users/me/password',
          { currentPassword: 'not-the-password', newPassword: 'a-brand-new-passphrase' },
          headers,
        );
        expect(wrong.status).toBe(422);
        expect((await errorOf(wrong)).details).toHaveProperty('currentPassword');
        for (const newPassword of ['short', 'iloveyou1']) {
          const weak = await t.client.post(
            '/api/users/me/password',
            { currentPassword: password, newPassword },
            headers,
          );
          expect(weak.status).toBe(422);
          expect((await errorOf(weak)).details).toHaveProperty('newPassword');
        }
        expect((await t.client.get('/api/users/me', headers)).status).toBe(200);
      });

      it('answers 401 without a token', async () => {
        const res = await t.client.post('/api/users/me/password', {
          currentPassword: 'a',
          newPassword: 'b-long-enough',
        });
        expect(res.status).toBe(401);
      });
    });

    describe('a suspended user', () => {
      it.each([
        ['GET', '/api/users/me', undefined],
        ['PATCH', '/api/users/me', { bio: 'still here' }],
        ['POST', '/api/users/me/password', { currentPassword: 'x', newPassword: 'a-brand-new-passphrase' }],
      ])('is refused %s %s with 403 account_suspended', async (method, path, body) => {
        const { headers } = await createUser(t.db, { suspended: true });
        const res = await t.client.send(method, path, body, headers);
        expect(res.status).toBe(403);
        expect((await errorOf(res)).code).toBe('account_suspended');
      });
    });

    describe('GET /api/users/:username', () => {
      it('shows the public profile without email, case-insensitively', async () => {
        const { user } = await createUser(t.db, { displayName: 'Grace' });
        const res = await t.client.get(`/api/users/${user.username.toUpperCase()}`);
        expect(res.status).toBe(200);
        const body = (await res.json()).user;
        expect(body).toMatchObject({ id: user.id, username: user.username, displayName: 'Grace', role: 'user' });
        expect(body).not.toHaveProperty('email');
        expect(body).not.toHaveProperty('following');
        expect(res.headers.get('cache-control')).toContain('public');
      });

      it('tells a signed-in viewer whether they follow the user', async () => {
        const { user: author } = await createUser(t.db);
        const fan = await createUser(t.db);
        const stranger = await createUser(t.db);
        await t.db.insert(follows).values({ followerId: fan.user.id, followeeId: author.id });
        const asFan = await (await t.client.get(`/api/users/${author.username}`, fan.headers)).json();
        expect(asFan.user.following).toBe(true);
        const asStranger = await t.client.get(`/api/users/${author.username}`, stranger.headers);
        expect((await asStranger.json()).user.following).toBe(false);
        expect(asStranger.headers.get('cache-control')).toContain('private');
      });

      it('answers 404 for an unknown user and 401 for a bad token', async () => {
        expect((await t.client.get('/api/users/nobody-here')).status).toBe(404);
        const { user } = await createUser(t.db);
        expect((await t.client.get(`/api/users/${user.username}`, bearer('garbage.token.here'))).status).toBe(401);
      });
    });
  });
});
