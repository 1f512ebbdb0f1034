import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens, users } from '#db/schema';
import type { Database } from '#db/types';
import { postsAppOn } from '#test/app-under-test';
import { type CreatedUser, createAdmin, createUser } from '#test/factories';
import { contractEngines } from '#test/postgres';
import { type Answerer, testClient } from '#test/requests';

const engines = await contractEngines();

type Actor = 'anonymous' | 'user' | 'admin' | 'suspended';
const actions = ['suspend', 'unsuspend'] as const;
const expected: Record<Actor, number> = { anonymous: 401, user: 403, admin: 204, suspended: 403 };

describe.each(engines)('admin user moderation on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    let app: Answerer;
    let client: ReturnType<typeof testClient>;
    let admin: CreatedUser;

    beforeAll(async () => {
      const opened = await engine.open();
      ({ db, close } = opened);
      app = (await postsAppOn(opened)).app;
      client = testClient(app);
      admin = await createAdmin(db);
    });
    afterAll(() => close());

    async function headersOf(actor: Actor): Promise<Record<string, string>> {
      if (actor === 'anonymous') return {};
      if (actor === 'admin') return admin.headers;
      if (actor === 'suspended') return (await createAdmin(db, { suspended: true })).headers;
      return (await createUser(db)).headers;
    }
    const moderate = (action: string, username: string, headers: Record<string, string>) =>
      client.post(`/api/admin/users/${username}/${action}`, undefined, headers);

    describe.each(actions)('POST /api/admin/users/:username/%s', (action) => {
      it.each(Object.entries(expected) as [Actor, number][])('answers %s with %i', async (actor, status) => {
        const { user: target } = await createUser(db, { suspended: action === 'unsuspend' });
        const res = await moderate(action, target.username, await headersOf(actor));
        expect(res.status).toBe(status);
        const [row] = await db.select({ suspendedAt: users.suspendedAt }).from(users).where(eq(users.id, target.id));
        const changed = status === 204;
        expect(row?.suspendedAt === null).toBe(action === 'suspend' ? !changed : changed);
      });

      it('answers 404 for an unknown user', async () => {
        expect((await moderate(action, 'no-such-user', admin.headers)).status).toBe(404);
      });
    });

    it('a suspension stops the user’s access and refresh tokens at once and blocks login', async () => {
      const { user, password } = await createUser(db);
      const session = await client.login(user.email, password);
      expect((await client.get('/api/users/me', session.headers)).status).toBe(200);

      expect((await moderate('suspend', user.username, admin.headers)).status).toBe(204);

      const me = await client.get('/api/users/me', session.headers);
      expect(me.status).toBe(401);
      const refresh = await client.post('/api/auth/refresh', { refreshToken: session.refreshToken });
      expect(refresh.status).toBe(401);
      const login = await client.post('/api/auth/login', { email: user.email, password });
      expect(login.status).toBe(403);
      expect((await login.json()).error.code).toBe('account_suspended');
      const live = await db.select().from(refreshTokens).where(eq(refreshTokens.userId, user.id));
      expect(live.every((token) => token.revokedAt !== null)).toBe(true);
    });

    it('a suspended admin loses admin powers at once', async () => {
      const other = await createAdmin(db);
      const { user: target } = await createUser(db);
      expect((await moderate('suspend', other.user.username, admin.headers)).status).toBe(204);
      expect((await moderate('suspend', target.username, other.headers)).status).toBe(401);
    });

    it('unsuspending lets the user sign in again, with old sessions still revoked', async () => {
      const { user, password } = await createUser(db);
      const session = await client.login(user.email, password);
      await moderate('suspend', user.username, admin.headers);
      expect((await moderate('unsuspend', user.username, admin.headers)).status).toBe(204);
      expect((await client.post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
      const again = await client.login(user.email, password);
      expect((await client.get('/api/users/me', again.headers)).status).toBe(200);
    });

    it('shows admins, and only admins, whether a profile is suspended', async () => {
      const { user } = await createUser(db, { suspended: true });
      const asAdmin = await (await client.get(`/api/users/${user.username}`, admin.headers)).json();
      expect(asAdmin.user.suspended).toBe(true);
      const asUser = await (await client.get(`/api/users/${user.username}`, (await createUser(db)).headers)).json();
      expect(asUser.user).not.toHaveProperty('suspended');
    });

    it('shows admins, and only admins, whether an account’s address is verified', async () => {
      const { user } = await createUser(db);
      const path = `/api/admin/users/${user.username}`;
      const before = await (await client.get(path, admin.headers)).json();
      expect(before.account).toMatchObject({ email: user.email, emailVerified: false, suspended: false });
      await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
      expect((await (await client.get(path, admin.headers)).json()).account.emailVerified).toBe(true);
      expect((await client.get(path, (await createUser(db)).headers)).status).toBe(403);
      expect((await client.get(path)).status).toBe(401);
      expect((await client.get('/api/admin/users/nobody_here', admin.headers)).status).toBe(404);
    });

    it('suspending twice is harmless, and an admin cannot suspend themselves', async () => {
      const { user } = await createUser(db);
      expect((await moderate('suspend', user.username, admin.headers)).status).toBe(204);
      expect((await moderate('suspend', user.username, admin.headers)).status).toBe(204);
      const self = await moderate('suspend', admin.user.username, admin.headers);
      expect(self.status).toBe(403);
      expect((await client.get('/api/users/me', admin.headers)).status).toBe(200);
    });
  });
});
