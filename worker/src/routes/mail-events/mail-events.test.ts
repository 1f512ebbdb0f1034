import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailOutbox, mailSuppressions, users } from '#db/schema';
import { createTestDeps, testConfig } from '#test/deps';
import { appOnEngine } from '#test/engine-app';
import { type CreatedUser, createAdmin, factoryPassword } from '#test/factories';
import { call, createTestPost, createUser, postsApp } from '#test/post-factories';
import { testEngines } from '#test/postgres';
import { createApp } from '#worker/app';
import { sendDueDigests } from '#worker/services/mail/digests';
import { type ProviderEventType, signedProviderEvent } from '../../../../tools/mail-api-standin/provider-events';

const engines = await testEngines();
const secret = 'whsec_dGVzdC1tYWlsLXdlYmhvb2stc2VjcmV0LTAwMDAwMA==';
const config = { ...testConfig, mail: { ...testConfig.mail, webhookSecret: secret } };
const tokenOf = (link: string | undefined) => new URL(link ?? 'http://x/').searchParams.get('token') ?? '';

describe.each(engines)('bounces and complaints on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    const refusesMessages = 'full-mailbox@bounce.example.test';
    const t = appOnEngine(engine, { mail: { rejectMessagesTo: [refusesMessages] }, deps: { config }, build: postsApp });

    /** What the provider would post about a message it took for `to`, signed with `key`. */
    const providerEvent = (to: string, type: ProviderEventType, key = secret, at = new Date()) =>
      signedProviderEvent(
        { id: crypto.randomUUID(), from: config.mail.from, to: [to], subject: 'Someone commented' },
        type,
        key,
        at,
      );
    const deliver = (event: { headers: Record<string, string>; body: string }) =>
      t.app.request('/api/mail/events', { method: 'POST', headers: event.headers, body: event.body });

    const verifiedUser = async () => {
      const created = await createUser(t.db);
      await t.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, created.user.id));
      return created;
    };
    const comment = async (as: CreatedUser, slug: string, body: string) => {
      expect((await call(t.app, 'POST', `/api/posts/${slug}/comments`, as, { body })).status).toBe(201);
      await t.deps.mail.settled();
    };
    const outboxTo = (address: string) => t.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, address));
    const adminView = async (username: string) => {
      const admin = await createAdmin(t.db);
      return (await (await call(t.app, 'GET', `/api/admin/users/${username}`, admin)).json()).account;
    };
    const changeAddress = async (as: CreatedUser, email: string) => {
      const res = await call(t.app, 'PATCH', '/api/users/me', as, { email, currentPassword: factoryPassword });
      expect(res.status).toBe(202);
      await t.deps.mail.settled();
      const confirm = await t.sink.waitFor(email, /Confirm your new email/);
      const confirmed = await t.app.request('/api/auth/email-change/confirm', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: tokenOf(confirm.link) }),
      });
      expect(confirmed.status).toBe(204);
    };

    it('stops notification and digest mail after a signed hard bounce, still sends security mail, and admins see it', async () => {
      const author = await verifiedUser();
      const reader = await createUser(t.db);
      const post = await createTestPost(t.app, author);
      await comment(reader, post.slug, 'before the bounce');
      await t.sink.waitFor(author.user.email, /commented on/);

      expect((await deliver(providerEvent(author.user.email, 'email.bounced'))).status).toBe(204);
      const [suppressed] = await t.db
        .select()
        .from(mailSuppressions)
        .where(eq(mailSuppressions.address, author.user.email));
      expect(suppressed?.reason).toMatch(/^bounce: /);
      expect(await adminView(author.user.username)).toMatchObject({ emailVerified: true, emailSuppressed: true });

      await comment(reader, post.slug, 'after the bounce');
      const hour = new Date().getUTCHours();
      await call(t.app, 'PUT', '/api/users/me/email-preferences', author, {
        comments: 'daily',
        digestHour: hour,
        timeZone: 'UTC',
      });
      await comment(reader, post.slug, 'for the digest');
      await sendDueDigests(t.deps);
      await t.deps.mail.settled();
      expect(t.sink.to(author.user.email)).toHaveLength(1);
      const skipped = (await outboxTo(author.user.email)).filter((row) => row.status === 'skipped');
      expect(skipped.map((row) => row.kind).sort()).toEqual(['digest', 'notification']);
      expect(skipped.every((row) => row.lastError?.startsWith('address suppressed'))).toBe(true);

      await t.client.post('/api/auth/password-reset', { email: author.user.email });
      await t.deps.mail.settled();
      await t.sink.waitFor(author.user.email, /Reset your/);
    });

    it('a complaint stops it too, and confirming the address again through an address change clears it', async () => {
      const author = await verifiedUser();
      const reader = await createUser(t.db);
      const post = await createTestPost(t.app, author);
      const first = author.user.email;
      expect((await deliver(providerEvent(first, 'email.complained'))).status).toBe(204);
      await comment(reader, post.slug, 'nobody hears this');
      expect(t.sink.to(first).filter((m) => /commented on/.test(m.subject))).toHaveLength(0);

      // Away to another address and back: the click on the link mailed to the first proves it takes mail.
      await changeAddress(author, `elsewhere-${first}`);
      await changeAddress(author, first);
      expect(await adminView(author.user.username)).toMatchObject({ email: first, emailSuppressed: false });
      await comment(reader, post.slug, 'heard again');
      expect((await t.sink.waitFor(first, /commented on/)).text).toContain('heard again');
    });

    it('treats a message the SMTP server refuses after DATA (5xx) as a hard bounce', async () => {
      const author = await createUser(t.db, { email: refusesMessages });
      await t.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, author.user.id));
      const reader = await createUser(t.db);
      const post = await createTestPost(t.app, author);
      await comment(reader, post.slug, 'refused');
      const [failed] = await outboxTo(refusesMessages);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
      expect(failed?.lastError).toMatch(/554/);
      expect(await adminView(author.user.username)).toMatchObject({ emailSuppressed: true });
    });

    it('refuses an unsigned, forged or stale event with 401 and stops nothing; ignores other events', async () => {
      const victim = await verifiedUser();
      const address = victim.user.email;
      const unsigned = providerEvent(address, 'email.bounced');
      const { 'svix-signature': _signature, ...withoutSignature } = unsigned.headers;
      const forged = providerEvent(address, 'email.bounced', 'whsec_d3JvbmctbWFpbC13ZWJob29rLXNlY3JldC0wMDAwMA==');
      const stale = providerEvent(address, 'email.bounced', secret, new Date(Date.now() - 10 * 60 * 1000));
      const altered = providerEvent('someone-else@example.test', 'email.bounced');
      const attempts = [
        { headers: withoutSignature, body: unsigned.body },
        forged,
        stale,
        { headers: altered.headers, body: altered.body.replace('someone-else@example.test', address) },
      ];
      for (const attempt of attempts) {
        const res = await deliver(attempt);
        expect(res.status).toBe(401);
        expect((await res.json()).error.code).toBe('unauthenticated');
      }
      expect(await deliver(providerEvent(address, 'email.delivered'))).toHaveProperty('status', 204);
      expect(await adminView(victim.user.username)).toMatchObject({ emailSuppressed: false });
    });

    it('has no such route when no webhook secret is configured', async () => {
      const plain = createApp(await createTestDeps(t.db));
      const event = providerEvent('anyone@example.test', 'email.bounced');
      const res = await plain.request('/api/mail/events', { method: 'POST', headers: event.headers, body: event.body });
      expect(res.status).toBe(404);
    });
  });
});
