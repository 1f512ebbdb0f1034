import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mailTo, tokenIn } from './mail-api';
import { bearer, call, post } from './worker-client';

const available = inject('databaseUrl') !== '';
const password = 'a-long-unusual-passphrase';

describe.skipIf(!available)('mail from inside workerd, through the email HTTP API adapter', () => {
  const stamp = Date.now() % 1_000_000;
  const email = `edge.mail.${stamp}@example.test`;

  beforeAll(async () => {
    await call('/api/health');
  }, 120_000);

  it('mails a verification link after the answer, with a Message-ID, and the link verifies', async () => {
    const res = await post('/api/auth/register', { email, username: `edge_mail_${stamp}`, password });
    expect(res.status).toBe(201);
    const { accessToken } = await res.json<{ accessToken: string }>();
    const mail = await mailTo(email, /Confirm your email/);
    expect(mail.headers['Message-ID']).toMatch(/^<[0-9a-f-]{36}@127\.0\.0\.1>$/);
    expect(mail.html).toContain('Confirm my address');
    expect((await post('/api/auth/verify-email', { token: tokenIn(mail) })).status).toBe(204);
    const me = await (await call('/api/users/me', { headers: bearer(accessToken) })).json<{ user: object }>();
    expect(me.user).toMatchObject({ emailVerified: true });
  });

  it('resets a password from the mailed link, once, and every session ends', async () => {
    const login = await (await post('/api/auth/login', { email, password })).json<{ accessToken: string }>();
    expect((await post('/api/auth/password-reset', { email })).status).toBe(202);
    const mail = await mailTo(email, /Reset your/);
    const token = tokenIn(mail);
    expect((await post('/api/auth/password-reset/confirm', { token, password: 'new-long-passphrase' })).status).toBe(
      204,
    );
    expect((await post('/api/auth/password-reset/confirm', { token, password: 'other-long-passphrase' })).status).toBe(
      400,
    );
    expect((await call('/api/users/me', { headers: bearer(login.accessToken) })).status).toBe(401);
    expect((await post('/api/auth/login', { email, password: 'new-long-passphrase' })).status).toBe(200);
    await mailTo(email, /password was changed/);
  });
});
