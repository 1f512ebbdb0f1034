import { describe, expect, it } from 'vitest';
import { testConfig } from '#test/deps';
import { appOnEngine } from '#test/engine-app';
import { contractEngines } from '#test/postgres';
import { bearer } from '#test/requests';

const engines = await contractEngines();
const password = 'a-long-unusual-passphrase';
const tokenOf = (link: string | undefined) => new URL(link ?? 'http://x/').searchParams.get('token') ?? '';

describe.each(engines)('email address verification and change on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    const t = appOnEngine(engine, { mail: true, deps: { config: { ...testConfig, rateLimitsEnabled: true } } });

    let n = 0;
    const register = async () => {
      n += 1;
      const input = { email: `addr${n}@example.test`, username: `addr_${n}`, password };
      const res = await t.client.post('/api/auth/register', input);
      expect(res.status).toBe(201);
      await t.deps.mail.settled();
      const body = (await res.json()) as {
        accessToken: string;
        refreshToken: string;
        user: { emailVerified: boolean };
      };
      return { ...input, ...body, headers: bearer(body.accessToken) };
    };
    const me = async (headers: Record<string, string>) =>
      (
        (await (await t.client.get('/api/users/me', headers)).json()) as {
          user: { email: string; emailVerified: boolean };
        }
      ).user;

    it('mails a verification link on registration that verifies the address once', async () => {
      const account = await register();
      expect(account.user.emailVerified).toBe(false);
      const mail = await t.sink.waitFor(account.email, /Confirm your email/);
      expect(mail.link).toMatch(/\/verify-email\?token=/);
      const token = tokenOf(mail.link);
      expect((await t.client.post('/api/auth/verify-email', { token })).status).toBe(204);
      expect((await me(account.headers)).emailVerified).toBe(true);
      const again = await t.client.post('/api/auth/verify-email', { token });
      expect(again.status).toBe(400);
      expect((await again.json()).error.code).toBe('link_invalid');
    });

    it('resends a verification link when asked, up to the limit', async () => {
      const account = await register();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await t.client.post('/api/auth/verify-email/resend', undefined, account.headers)).status);
      }
      expect(statuses).toEqual([202, 202, 202, 429]);
      await t.deps.mail.settled();
      const links = t.sink.to(account.email).filter((m) => /Confirm your email/.test(m.subject));
      expect(links).toHaveLength(4);
      // Each new link retires the ones before it: exactly one of the four still works.
      const uses: number[] = [];
      for (const mail of links) {
        uses.push((await t.client.post('/api/auth/verify-email', { token: tokenOf(mail.link) })).status);
      }
      expect(uses.sort()).toEqual([204, 400, 400, 400]);
      expect((await me(account.headers)).emailVerified).toBe(true);
    });

    it('changes the address only once the new one confirms, and tells the old one with an undo link', async () => {
      const account = await register();
      const newEmail = `moved${n}@example.test`;
      const res = await t.client.patch(
        '/api/users/me',
        { email: newEmail, currentPassword: password },
        account.headers,
      );
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ user: { email: account.email }, pendingEmail: newEmail });
      await t.deps.mail.settled();
      const confirm = await t.sink.waitFor(newEmail, /Confirm your new email/);
      const notice = await t.sink.waitFor(account.email, /is changing/);
      expect(notice.text).toContain(newEmail);
      expect(notice.link).toMatch(/\/undo-email-change\?token=/);
      // Not yet changed.
      expect((await me(account.headers)).email).toBe(account.email);

      const confirmed = await t.client.post('/api/auth/email-change/confirm', { token: tokenOf(confirm.link) });
      expect(confirmed.status).toBe(204);
      expect(await me(account.headers)).toMatchObject({ email: newEmail, emailVerified: true });
      await t.client.login(newEmail, password);
      expect((await t.client.post('/api/auth/email-change/confirm', { token: tokenOf(confirm.link) })).status).toBe(
        400,
      );
    });

    it('undoes a change from the old address and signs every session out', async () => {
      const account = await register();
      const newEmail = `intruder${n}@example.test`;
      await t.client.patch('/api/users/me', { email: newEmail, currentPassword: password }, account.headers);
      await t.deps.mail.settled();
      const confirm = await t.sink.waitFor(newEmail, /Confirm your new email/);
      await t.client.post('/api/auth/email-change/confirm', { token: tokenOf(confirm.link) });
      const notice = await t.sink.waitFor(account.email, /is changing/);

      const undone = await t.client.post('/api/auth/email-change/undo', { token: tokenOf(notice.link) });
      expect(undone.status).toBe(204);
      expect((await t.client.get('/api/users/me', account.headers)).status).toBe(401);
      const back = await t.client.login(account.email, password);
      expect((await me(back.headers)).email).toBe(account.email);
      expect((await t.client.post('/api/auth/login', { email: newEmail, password })).status).toBe(401);
    });

    it('needs the current password to ask for a change, and refuses an address already taken', async () => {
      const account = await register();
      const other = await register();
      const noPassword = await t.client.patch('/api/users/me', { email: 'x@example.test' }, account.headers);
      expect(noPassword.status).toBe(422);
      const taken = await t.client.patch(
        '/api/users/me',
        { email: other.email, currentPassword: password },
        account.headers,
      );
      expect(taken.status).toBe(409);
    });
  });
});
