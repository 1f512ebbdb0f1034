import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '#db/schema';
import type { Database } from '#db/types';
import { createTestDeps } from '#test/deps';
import { type MailSink, startMailSink } from '#test/mail-sink';
import { createUser, manualClock } from '#test/post-factories';
import { testEngines } from '#test/postgres';
import { freePort } from '#test/processes';
import { createSmtpMailer } from '#worker/adapters/node/smtp-mailer';
import { createJsonLogger } from '#worker/adapters/shared/json-logger';
import type { Deps } from '#worker/ports';
import { requestPasswordReset } from '../account/password-reset';
import { deliverDueMail, mailBackoffMs, maxMailAttempts } from './deliver-due-mail';
import { enqueueMail } from './enqueue-mail';

const engines = await testEngines();

describe.each(engines)('the mail queue on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    const sinks: MailSink[] = [];

    beforeAll(async () => {
      ({ db, close } = await engine.open());
    });
    afterAll(async () => {
      await Promise.all(sinks.map((sink) => sink.close()));
      await close();
    });

    // A mail delivery that never runs by itself: the test drives deliverDueMail by hand.
    const queueDeps = async (smtpUrl: string, clock: ReturnType<typeof manualClock>): Promise<Deps> => ({
      ...(await createTestDeps(db, { clock, mailer: createSmtpMailer(smtpUrl, createJsonLogger('error')) })),
      mail: { kick: () => {}, later: () => {}, settled: async () => {}, stop: async () => {} },
    });

    it('retries through an SMTP outage with backoff and sends once the server is back', async () => {
      const port = await freePort();
      const clock = manualClock();
      const deps = await queueDeps(`smtp://127.0.0.1:${port}`, clock);
      const { user } = await createUser(db);
      await requestPasswordReset(deps, user.email);
      const [queued] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, user.email));
      expect(queued).toMatchObject({ status: 'pending', attempts: 0 });

      expect(await deliverDueMail(deps)).toMatchObject({ claimed: 1, retried: 1 });
      const [afterFirst] = await db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.id, queued?.id ?? ''));
      expect(afterFirst?.lastError).toMatch(/ECONNREFUSED/);
      expect(afterFirst?.nextAttemptAt.getTime()).toBe(clock.now().getTime() + mailBackoffMs(1));
      // Not due again before its backoff.
      expect((await deliverDueMail(deps)).claimed).toBe(0);
      clock.advance(mailBackoffMs(1));
      expect(await deliverDueMail(deps)).toMatchObject({ claimed: 1, retried: 1 });

      const sink = await startMailSink({ port });
      sinks.push(sink);
      clock.advance(mailBackoffMs(2));
      expect(await deliverDueMail(deps)).toMatchObject({ claimed: 1, sent: 1 });
      await sink.waitFor(user.email, /Reset your/);
      const [sent] = await db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.id, queued?.id ?? ''));
      // The reset link is a live token: it is not kept once the message has gone.
      expect(sent).toMatchObject({ status: 'sent', attempts: 3, payload: {} });
    });

    it('gives up after the last attempt and records why', async () => {
      const port = await freePort();
      const clock = manualClock();
      const deps = await queueDeps(`smtp://127.0.0.1:${port}`, clock);
      const { user } = await createUser(db);
      await enqueueMail(db, [{ kind: 'password_changed', userId: user.id, to: user.email, payload: {} }], clock.now());
      for (let attempt = 1; attempt <= maxMailAttempts; attempt++) {
        expect((await deliverDueMail(deps)).claimed).toBe(1);
        clock.advance(mailBackoffMs(attempt));
      }
      const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, user.email));
      expect(row).toMatchObject({ status: 'failed', attempts: maxMailAttempts });
      expect(row?.lastError).toMatch(/ECONNREFUSED/);
      expect((await deliverDueMail(deps)).claimed).toBe(0);
    });

    it('sends a message whose delivery died mid-send once its lease ends, with the same Message-ID', async () => {
      const sink = await startMailSink();
      sinks.push(sink);
      const clock = manualClock();
      const { user } = await createUser(db);
      await enqueueMail(db, [{ kind: 'password_changed', userId: user.id, to: user.email, payload: {} }], clock.now());
      // A process that claims the row and is killed before the SMTP server answers: its send never returns.
      const dying = {
        ...(await queueDeps(sink.url, clock)),
        mailer: { name: 'dies', send: () => new Promise<never>(() => {}) },
      };
      void deliverDueMail(dying);
      const claimedRow = async () =>
        (await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, user.email)))[0];
      for (let i = 0; i < 100 && !(await claimedRow())?.lockedUntil; i++) await new Promise((r) => setTimeout(r, 20));
      const claimed = await claimedRow();
      expect(claimed).toMatchObject({ status: 'pending', attempts: 1 });

      const survivor = await queueDeps(sink.url, clock);
      expect((await deliverDueMail(survivor)).claimed).toBe(0);
      // The two-minute lease of ADR 0110.
      clock.advance(2 * 60 * 1000);
      expect(await deliverDueMail(survivor)).toMatchObject({ claimed: 1, sent: 1 });
      const mail = await sink.waitFor(user.email, /password was changed/);
      expect(mail.messageId).toBe(`<${claimed?.id}@localhost>`);
      expect(await claimedRow()).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('sends each message once when deliveries overlap', async () => {
      const sink = await startMailSink();
      sinks.push(sink);
      const clock = manualClock();
      const deps = await queueDeps(sink.url, clock);
      const { user } = await createUser(db);
      const items = Array.from({ length: 8 }, () => ({
        kind: 'password_changed' as const,
        userId: user.id,
        to: user.email,
        payload: {},
      }));
      await enqueueMail(db, items, clock.now());
      const runs = await Promise.all([deliverDueMail(deps), deliverDueMail(deps), deliverDueMail(deps)]);
      expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBe(8);
      expect(sink.to(user.email)).toHaveLength(8);
      expect(new Set(sink.to(user.email).map((m) => m.messageId)).size).toBe(8);
    });
  });
});
