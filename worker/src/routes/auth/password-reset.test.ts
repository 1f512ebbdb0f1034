import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emailTokens } from '#db/schema';
import { appOnEngine } from '#test/engine-app';
import { contractEngines } from '#test/postgres';
import { bearer } from '#test/requests';

const engines = await contractEngines();
const password = 'a-long-unusual-passphrase';
const tokenOf = (link: string | undefined) => new URL(link ?? 'http://x/').searchParams.get('token') ?? '';

describe.each(engines)('password reset by email on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    const t = appOnEngine(engine, { mail: true });

    let n = 0;
    const register = async () => {
      n += 1;
      const input = { email: `reset${n}@example.test`, username: `reset_${n}`, password };
      const res = await t.client.post('/api/auth/register', input);
      expect(res.status).toBe(201);
      return { ...input, ...(await res.json()) } as typeof input & { accessToken: string; refreshToken: string };
    };
    const requestReset = async (email: string) => {
      const res = await t.client.post('/api/auth/password-reset', { email });
      await t.deps.mail.settled();
      return res;
    };
    const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

    it('mails a single-use link that sets the password, revokes every session and sends a notice', async () => {
      const account = await register();
      const second = await t.client.login(account.email, password);
      expect((await requestReset(account.email)).status).toBe(202);
      const mail = await t.sink.waitFor(account.email, /Reset your/);
      expect(mail.link).toMatch(/^http:\/\/localhost\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
      expect(mail.header('list-unsubscribe')).toBeUndefined();
      expect(mail.html).toContain('Choose a new password');

      const token = tokenOf(mail.link);
      const newPassword = 'another-long-passphrase';
      const confirm = await t.client.post('/api/auth/password-reset/confirm', { token, password: newPassword });
      expect(confirm.status).toBe(204);
      // The link works once.
      const again = await t.client.post('/api/auth/password-reset/confirm', {
        token,
        password: 'third-long-passphrase',
      });
      expect(again.status).toBe(400);
      expect(await errorCode(again)).toBe('link_invalid');
      // Every session ends at once: access tokens and refresh families alike.
      for (const accessToken of [account.accessToken, second.accessToken]) {
        expect((await t.client.get('/api/users/me', bearer(accessToken))).status).toBe(401);
      }
      for (const refreshToken of [account.refreshToken, second.refreshToken]) {
        expect((await t.client.post('/api/auth/refresh', { refreshToken })).status).toBe(401);
      }
      expect((await t.client.post('/api/auth/login', { email: account.email, password })).status).toBe(401);
      const signedIn = await t.client.login(account.email, newPassword);
      // Opening the link proved the address.
      const me = await (await t.client.get('/api/users/me', signedIn.headers)).json();
      expect(me.user.emailVerified).toBe(true);
      await t.deps.mail.settled();
      const notice = await t.sink.waitFor(account.email, /password was changed/);
      expect(notice.text).toContain('every session was signed out');
    });

    it('refuses an expired link, an altered one, and an older link once a newer one is sent', async () => {
      const account = await register();
      await requestReset(account.email);
      const first = tokenOf((await t.sink.waitFor(account.email, /Reset your/)).link);
      const altered = `${first.slice(0, -2)}${first.endsWith('AA') ? 'BB' : 'AA'}`;
      const res = await t.client.post('/api/auth/password-reset/confirm', {
        token: altered,
        password: 'x-long-passphrase',
      });
      expect(await errorCode(res)).toBe('link_invalid');

      await requestReset(account.email);
      const resets = () => t.sink.to(account.email).filter((m) => /Reset your/.test(m.subject));
      // The lookup and the mail follow the answer (on Workers, after it is sent): wait for the second.
      await expect.poll(() => resets().length).toBe(2);
      const mails = resets();
      const newer = tokenOf(mails[1]?.link);
      const older = await t.client.post('/api/auth/password-reset/confirm', {
        token: first,
        password: 'x-long-passphrase',
      });
      expect(await errorCode(older)).toBe('link_invalid');

      // The link's time runs out: its expiry moves, since the Worker's clock cannot.
      await t.db
        .update(emailTokens)
        .set({ expiresAt: new Date(Date.now() - 24 * 3600 * 1000) })
        .where(eq(emailTokens.purpose, 'password_reset'));
      const late = await t.client.post('/api/auth/password-reset/confirm', {
        token: newer,
        password: 'x-long-passphrase',
      });
      expect(late.status).toBe(400);
      expect(await errorCode(late)).toBe('link_invalid');
      // Nothing changed: the old password still works.
      await t.client.login(account.email, password);
    });

    it('keeps the token when the new password is refused, so the owner can try another', async () => {
      const account = await register();
      await requestReset(account.email);
      const token = tokenOf((await t.sink.waitFor(account.email, /Reset your/)).link);
      const weak = await t.client.post('/api/auth/password-reset/confirm', { token, password: 'password' });
      expect(weak.status).toBe(422);
      expect(
        (await t.client.post('/api/auth/password-reset/confirm', { token, password: 'fine-long-passphrase' })).status,
      ).toBe(204);
    });

    it('answers an unknown address exactly like a known one, and mails nobody', async () => {
      const account = await register();
      const known = await requestReset(account.email);
      const unknown = await requestReset('nobody-here@example.test');
      expect(unknown.status).toBe(known.status);
      expect(await unknown.text()).toBe(await known.text());
      expect(t.sink.to('nobody-here@example.test')).toHaveLength(0);
      expect(await t.sink.waitFor(account.email, /Reset your/)).toBeDefined();
    });

    it('takes the same time for an address with and without an account', async () => {
      const account = await register();
      const time = async (email: string) => {
        const started = performance.now();
        const res = await t.client.post('/api/auth/password-reset', { email });
        const elapsed = performance.now() - started;
        expect(res.status).toBe(202);
        await t.deps.mail.settled();
        return elapsed;
      };
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 15; i++) {
        known.push(await time(account.email));
        unknown.push(await time(`absent-${i}@example.test`));
      }
      const difference = Math.abs(median(known) - median(unknown));
      console.log(
        `password-reset timing on ${engine.name}: known median ${median(known).toFixed(2)} ms, unknown median ${median(unknown).toFixed(2)} ms, difference ${difference.toFixed(2)} ms`,
      );
      // The lookup and the mail happen after the answer: the answer takes the same few milliseconds.
      expect(difference).toBeLessThan(5);
    });
  });
});
