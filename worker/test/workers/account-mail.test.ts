import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import worker from '#worker/entry.workers';
import { mailsTo, mailTo, providerEvent, tokenIn } from './mail-api';
import { bearer, call, post } from './worker-client';

const available = inject('databaseUrl') !== '';
const password = 'a-long-unusual-passphrase';

interface Account {
  email: string;
  username: string;
  accessToken: string;
}

async function register(name: string, verified: boolean): Promise<Account> {
  const suffix = `${Date.now() % 1_000_000}${Math.floor(Math.random() * 1000)}`;
  const input = { email: `${name}.${suffix}@example.test`, username: `${name}_${suffix}`, password };
  const res = await post('/api/auth/register', input);
  expect(res.status).toBe(201);
  const account = { ...input, accessToken: (await res.json<{ accessToken: string }>()).accessToken };
  if (verified) {
    const mail = await mailTo(account.email, /Confirm your email/);
    expect((await post('/api/auth/verify-email', { token: tokenIn(mail) })).status).toBe(204);
  }
  return account;
}

async function publish(author: Account, title: string): Promise<string> {
  const res = await post(
    '/api/posts',
    { title, body: 'Say something.', status: 'published' },
    bearer(author.accessToken),
  );
  expect(res.status).toBe(201);
  return (await res.json<{ post: { slug: string } }>()).post.slug;
}

async function comment(as: Account, slug: string, body: string) {
  expect((await post(`/api/posts/${slug}/comments`, { body }, bearer(as.accessToken))).status).toBe(201);
}

const deliverEvent = (event: { headers: Record<string, string>; body: string }) =>
  call('/api/mail/events', { method: 'POST', headers: event.headers, body: event.body });

describe.skipIf(!available)('account mail inside workerd: bounces, digests, export and deletion', () => {
  let reader: Account;

  beforeAll(async () => {
    await call('/api/health');
    reader = await register('edge_reader', false);
  }, 120_000);

  it('stops notification mail once the provider reports a hard bounce by signed webhook; security mail still goes', async () => {
    const author = await register('edge_bounce', true);
    const slug = await publish(author, 'Bounce me');
    await comment(reader, slug, 'before the bounce');
    const notification = await mailTo(author.email, /commented on/);

    const event = await providerEvent(notification, 'email.bounced');
    expect((await deliverEvent(event)).status).toBe(204);

    await comment(reader, slug, 'after the bounce');
    // Queued after the comment's message: once the reset has gone, the comment's has been decided.
    expect((await post('/api/auth/password-reset', { email: author.email })).status).toBe(202);
    await mailTo(author.email, /Reset your/);
    expect((await mailsTo(author.email)).filter((m) => /commented on/.test(m.subject))).toHaveLength(1);
  });

  it('refuses an event whose body was altered after signing, and one the stand-in did not sign', async () => {
    const author = await register('edge_forged', true);
    const [verification] = await mailsTo(author.email);
    if (!verification) throw new Error('no verification mail');
    const event = await providerEvent(verification, 'email.complained');
    const altered = await deliverEvent({ ...event, body: event.body.replace('email.complained', 'email.bounced') });
    expect(altered.status).toBe(401);
    const unsigned = await deliverEvent({ headers: { 'Content-Type': 'application/json' }, body: event.body });
    expect(unsigned.status).toBe(401);

    const slug = await publish(author, 'Still listening');
    await comment(reader, slug, 'you should hear this');
    expect((await mailTo(author.email, /commented on/)).text).toContain('you should hear this');
  });

  it('unsubscribes in one click from a notification mail, without signing in', async () => {
    const author = await register('edge_unsubscribe', true);
    const slug = await publish(author, 'Unsubscribe me');
    await comment(reader, slug, 'one');
    const mail = await mailTo(author.email, /commented on/);
    const link = new URL(String(mail.headers['List-Unsubscribe']).slice(1, -1));
    const path = `${link.pathname}${link.search}`;

    const page = await call(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    const oneClick = await call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(204);
    const prefs = await call('/api/users/me/email-preferences', { headers: bearer(author.accessToken) });
    expect(prefs.status).toBe(200);
    expect((await prefs.json<{ preferences: object }>()).preferences).toMatchObject({ comments: 'off' });

    await comment(reader, slug, 'two');
    // Queued after the second comment's message: once the reset has gone, the comment's has been decided.
    expect((await post('/api/auth/password-reset', { email: author.email })).status).toBe(202);
    await mailTo(author.email, /Reset your/);
    expect((await mailsTo(author.email)).filter((m) => /commented on/.test(m.subject))).toHaveLength(1);
    const forged = await call(`${link.pathname}?token=${link.searchParams.get('token')?.slice(0, -3)}abc`, {
      method: 'POST',
    });
    expect(forged.status).toBe(400);
  });

  it('mails the daily digest from the cron trigger at the hour the user chose', async () => {
    const author = await register('edge_digest', true);
    const prefs = await call('/api/users/me/email-preferences', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', ...bearer(author.accessToken) },
      body: JSON.stringify({ comments: 'daily', digestHour: new Date().getUTCHours(), timeZone: 'UTC' }),
    });
    expect(prefs.status).toBe(200);
    const slug = await publish(author, 'Digest me');
    await comment(reader, slug, 'first thought');
    await comment(reader, slug, 'second thought');

    const ctx = createExecutionContext();
    await worker.scheduled?.(createScheduledController({ cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const digest = await mailTo(author.email, /2 new responses/);
    expect(digest.text).toContain('first thought');
    expect(digest.text).toContain('second thought');
    expect(digest.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect((await mailsTo(author.email)).filter((m) => /commented on/.test(m.subject))).toHaveLength(0);
  });

  it('exports what the user wrote as a JSON download', async () => {
    const writer = await register('edge_export', false);
    const slug = await publish(writer, 'Mine to take');
    await comment(writer, slug, 'my own comment');
    const res = await call('/api/users/me/export', { headers: bearer(writer.accessToken) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${writer.username}-export.json"`);
    const data = await res.json<{
      profile: { email: string };
      posts: { title: string }[];
      comments: { body: string }[];
    }>();
    expect(data.profile.email).toBe(writer.email);
    expect(data.posts.map((p) => p.title)).toEqual(['Mine to take']);
    expect(data.comments.map((c) => c.body)).toEqual(['my own comment']);
  });

  it('deletes the account after the password and mails a notice', async () => {
    const leaving = await register('edge_leaving', false);
    const remove = (currentPassword: string) =>
      call('/api/users/me', {
        method: 'DELETE',
        headers: { 'Content-Type': 'application/json', ...bearer(leaving.accessToken) },
        body: JSON.stringify({ currentPassword }),
      });
    expect((await remove('not-the-password')).status).toBe(422);
    expect((await remove(password)).status).toBe(204);
    await mailTo(leaving.email, /account was deleted/);
    expect((await post('/api/auth/login', { email: leaving.email, password })).status).toBe(401);
    expect((await call(`/api/users/${leaving.username}`)).status).toBe(404);
  });
});
