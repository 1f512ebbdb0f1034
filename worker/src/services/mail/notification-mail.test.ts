import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '#test/postgres';
import { mailOutbox, mailSuppressions, users } from '../../../../db/schema';
import type { Database } from '../../../../db/types';
import type { CreatedUser } from '../../../../test/support/factories';
import { type MailSink, startMailSink } from '../../../../test/support/mail-sink';
import { call, createTestPost, createUser, postsApp } from '../../../../test/support/post-factories';
import { createSmtpMailer } from '../../adapters/node/smtp-mailer';
import { createJsonLogger } from '../../adapters/shared/json-logger';
import type { App } from '../../app';
import type { Deps } from '../../ports';
import { sendDueDigests } from './digests';

const engines = await testEngines();

describe.each(engines)('notification emails on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    let sink: MailSink;
    let deps: Deps;
    let app: App;
    const bounced = 'gone@bounce.example.test';

    beforeAll(async () => {
      ({ db, close } = await engine.open());
      sink = await startMailSink({ rejectRecipients: [bounced] });
      ({ app, deps } = await postsApp(db, { mailer: createSmtpMailer(sink.url, createJsonLogger('error')) }));
    });
    afterAll(async () => {
      await deps.mail.settled();
      await sink.close();
      await close();
    });

    const verifiedUser = async (options: { email?: string; displayName?: string } = {}) => {
      const created = await createUser(db, options);
      await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, created.user.id));
      return created;
    };
    const comment = async (as: CreatedUser, slug: string, body: string, parentId?: string) => {
      const res = await call(app, 'POST', `/api/posts/${slug}/comments`, as, { body, parentId });
      expect(res.status).toBe(201);
      await deps.mail.settled();
      return ((await res.json()) as { comment: { id: string } }).comment;
    };

    it('mails the author of a post about a comment, escaped, with one-click unsubscribe headers', async () => {
      const author = await verifiedUser();
      const reader = await createUser(db, { displayName: 'Mallory <b>bold</b>' });
      const post = await createTestPost(app, author, { title: 'Tags <script>alert(1)</script> & more' });
      await comment(reader, post.slug, 'Nice <img src=x onerror=alert(1)> post');
      const mail = await sink.waitFor(author.user.email, /commented on/);
      expect(mail.subject).toBe('Mallory <b>bold</b> commented on "Tags <script>alert(1)</script> & more"');
      expect(mail.html).toContain('Mallory &lt;b&gt;bold&lt;/b&gt;');
      expect(mail.html).not.toContain('<script>alert(1)');
      expect(mail.html).not.toContain('<img src=x');
      expect(mail.text).toContain(`/p/${post.slug}#comment-`);
      expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@localhost>$/);
      const listUnsubscribe = String(mail.header('list-unsubscribe'));
      expect(listUnsubscribe).toMatch(/^<http:\/\/localhost\/api\/unsubscribe\?token=/);
      expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    });

    it('mails the parent comment’s author about a reply; unverified addresses get nothing', async () => {
      const author = await createUser(db);
      const commenter = await verifiedUser();
      const replier = await createUser(db, { displayName: 'Rita' });
      const post = await createTestPost(app, author);
      const parent = await comment(commenter, post.slug, 'First!');
      await comment(replier, post.slug, 'A reply', parent.id);
      const mail = await sink.waitFor(commenter.user.email, /replied to your comment/);
      expect(mail.text).toContain('A reply');
      expect(sink.to(author.user.email)).toHaveLength(0);
    });

    it('stops at once after a one-click unsubscribe posted form-encoded, without signing in', async () => {
      const author = await verifiedUser();
      const reader = await createUser(db);
      const post = await createTestPost(app, author);
      await comment(reader, post.slug, 'one');
      const mail = await sink.waitFor(author.user.email, /commented on/);
      const url = new URL(String(mail.header('list-unsubscribe')).slice(1, -1));

      const page = await app.request(`${url.pathname}${url.search}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post"');
      const res = await app.request(`${url.pathname}${url.search}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(204);
      const prefs = await (await call(app, 'GET', '/api/users/me/email-preferences', author)).json();
      expect(prefs.preferences).toMatchObject({ comments: 'off', replies: 'instant' });
      await comment(reader, post.slug, 'two');
      expect(sink.to(author.user.email)).toHaveLength(1);

      const forged = await app.request(`${url.pathname}?token=${url.searchParams.get('token')?.slice(0, -3)}abc`, {
        method: 'POST',
      });
      expect(forged.status).toBe(400);
    });

    it('gathers replies and comments into one daily digest at the hour the user chose', async () => {
      const author = await verifiedUser();
      const reader = await createUser(db);
      const hour = new Date().getUTCHours();
      const put = await call(app, 'PUT', '/api/users/me/email-preferences', author, {
        comments: 'daily',
        digestHour: (hour + 1) % 24,
        timeZone: 'Etc/GMT+1',
      });
      expect((await put.json()).preferences).toMatchObject({ comments: 'daily', timeZone: 'Etc/GMT+1' });
      const post = await createTestPost(app, author, { title: 'Digest me' });
      await comment(reader, post.slug, 'first thought');
      await comment(reader, post.slug, 'second thought');
      expect(sink.to(author.user.email)).toHaveLength(0);

      // Etc/GMT+1 is an hour behind UTC: the chosen hour is not now there.
      await sendDueDigests(deps);
      await deps.mail.settled();
      expect(sink.to(author.user.email)).toHaveLength(0);
      await call(app, 'PUT', '/api/users/me/email-preferences', author, { timeZone: 'UTC', digestHour: hour });
      expect(await sendDueDigests(deps)).toBeGreaterThanOrEqual(1);
      await deps.mail.settled();
      const digest = await sink.waitFor(author.user.email, /2 new responses/);
      expect(digest.text).toContain('first thought');
      expect(digest.text).toContain('second thought');
      expect(digest.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      await sendDueDigests(deps);
      await deps.mail.settled();
      expect(sink.to(author.user.email)).toHaveLength(1);
    });

    it('records a hard bounce, stops notification mail to the address, and still sends security mail', async () => {
      const author = await verifiedUser({ email: bounced });
      const reader = await createUser(db);
      const post = await createTestPost(app, author);
      await comment(reader, post.slug, 'bounce me');
      const [suppressed] = await db.select().from(mailSuppressions).where(eq(mailSuppressions.address, bounced));
      expect(suppressed?.reason).toMatch(/550/);
      const [failed] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, bounced));
      expect(failed).toMatchObject({ status: 'failed', attempts: 1 });

      await comment(reader, post.slug, 'again');
      const rows = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, bounced));
      expect(rows.map((r) => r.status).sort()).toEqual(['failed', 'skipped']);
      await app.request('/api/auth/password-reset', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: bounced }),
      });
      await deps.mail.settled();
      const all = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, bounced));
      expect(all.find((r) => r.kind === 'password_reset')?.attempts).toBe(1);
    });
  });
});
