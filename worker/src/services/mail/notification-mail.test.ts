import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailOutbox, mailSuppressions, users } from '#db/schema';
import { appOnEngine } from '#test/engine-app';
import type { CreatedUser } from '#test/factories';
import { call, createTestPost, createUser, postsApp } from '#test/post-factories';
import { testEngines } from '#test/postgres';
import { sendDueDigests } from './digests';

const engines = await testEngines();

describe.each(engines)('notification emails on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    const bounced = 'gone@bounce.example.test';
    const t = appOnEngine(engine, { mail: { rejectRecipients: [bounced] }, build: postsApp });

    const verifiedUser = async (options: { email?: string; displayName?: string } = {}) => {
      const created = await createUser(t.db, options);
      await t.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, created.user.id));
      return created;
    };
    const comment = async (as: CreatedUser, slug: string, body: string, parentId?: string) => {
      const res = await call(t.app, 'POST', `/api/posts/${slug}/comments`, as, { body, parentId });
      expect(res.status).toBe(201);
      await t.deps.mail.settled();
      return ((await res.json()) as { comment: { id: string } }).comment;
    };

    it('mails the author of a post about a comment, escaped, with one-click unsubscribe headers', async () => {
      const author = await verifiedUser();
      const reader = await createUser(t.db, { displayName: 'Mallory <b>bold</b>' });
      const post = await createTestPost(t.app, author, { title: 'Tags <script>alert(1)</script> & more' });
      await comment(reader, post.slug, 'Nice <img src=x onerror=alert(1)> post');
      const mail = await t.sink.waitFor(author.user.email, /commented on/);
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
      const author = await createUser(t.db);
      const commenter = await verifiedUser();
      const replier = await createUser(t.db, { displayName: 'Rita' });
      const post = await createTestPost(t.app, author);
      const parent = await comment(commenter, post.slug, 'First!');
      await comment(replier, post.slug, 'A reply', parent.id);
      const mail = await t.sink.waitFor(commenter.user.email, /replied to your comment/);
      expect(mail.text).toContain('A reply');
      expect(t.sink.to(author.user.email)).toHaveLength(0);
    });

    it('stops at once after a one-click unsubscribe posted form-encoded, without signing in', async () => {
      const author = await verifiedUser();
      const reader = await createUser(t.db);
      const post = await createTestPost(t.app, author);
      await comment(reader, post.slug, 'one');
      const mail = await t.sink.waitFor(author.user.email, /commented on/);
      const url = new URL(String(mail.header('list-unsubscribe')).slice(1, -1));

      const page = await t.app.request(`${url.pathname}${url.search}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post"');
      const res = await t.app.request(`${url.pathname}${url.search}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(204);
      const prefs = await (await call(t.app, 'GET', '/api/users/me/email-preferences', author)).json();
      expect(prefs.preferences).toMatchObject({ comments: 'off', replies: 'instant' });
      await comment(reader, post.slug, 'two');
      expect(t.sink.to(author.user.email)).toHaveLength(1);

      const forged = await t.app.request(`${url.pathname}?token=${url.searchParams.get('token')?.slice(0, -3)}abc`, {
        method: 'POST',
      });
      expect(forged.status).toBe(400);
    });

    it('gathers replies and comments into one daily digest at the hour the user chose', async () => {
      const author = await verifiedUser();
      const reader = await createUser(t.db);
      const hour = new Date().getUTCHours();
      const put = await call(t.app, 'PUT', '/api/users/me/email-preferences', author, {
        comments: 'daily',
        digestHour: (hour + 1) % 24,
        timeZone: 'Etc/GMT+1',
      });
      expect((await put.json()).preferences).toMatchObject({ comments: 'daily', timeZone: 'Etc/GMT+1' });
      const post = await createTestPost(t.app, author, { title: 'Digest me' });
      await comment(reader, post.slug, 'first thought');
      await comment(reader, post.slug, 'second thought');
      expect(t.sink.to(author.user.email)).toHaveLength(0);

      // Etc/GMT+1 is an hour behind UTC: the chosen hour is not now there.
      await sendDueDigests(t.deps);
      await t.deps.mail.settled();
      expect(t.sink.to(author.user.email)).toHaveLength(0);
      await call(t.app, 'PUT', '/api/users/me/email-preferences', author, { timeZone: 'UTC', digestHour: hour });
      expect(await sendDueDigests(t.deps)).toBeGreaterThanOrEqual(1);
      await t.deps.mail.settled();
      const digest = await t.sink.waitFor(author.user.email, /2 new responses/);
      expect(digest.text).toContain('first thought');
      expect(digest.text).toContain('second thought');
      expect(digest.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      await sendDueDigests(t.deps);
      await t.deps.mail.settled();
      expect(t.sink.to(author.user.email)).toHaveLength(1);
    });

    it('records a hard bounce, stops notification mail to the address, and still sends security mail', async () => {
      const author = await verifiedUser({ email: bounced });
      const reader = await createUser(t.db);
      const post = await createTestPost(t.app, author);
      await comment(reader, post.slug, 'bounce me');
      const [suppressed] = await t.db.select().from(mailSuppressions).where(eq(mailSuppressions.address, bounced));
      expect(suppressed?.reason).toMatch(/550/);
      const [failed] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, bounced));
      expect(failed).toMatchObject({ status: 'failed', attempts: 1 });

      await comment(reader, post.slug, 'again');
      const rows = await t.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, bounced));
      expect(rows.map((r) => r.status).sort()).toEqual(['failed', 'skipped']);
      await t.app.request('/api/auth/password-reset', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: bounced }),
      });
      await t.deps.mail.settled();
      const all = await t.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, bounced));
      expect(all.find((r) => r.kind === 'password_reset')?.attempts).toBe(1);
    });
  });
});
