import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { mailOutbox } from '#db/schema';
import type { Deps } from '#worker/ports';
import { composeMail, type QueuedMail } from './compose-mail';
import { suppressAddress } from './suppressions';

export type MailDeps = Pick<Deps, 'db' | 'mailer' | 'clock' | 'logger' | 'config'>;

const batchSize = 20;
/** A claimed row is someone's for this long; after a crash another run takes it again. */
const leaseMs = 2 * 60 * 1000;
export const maxMailAttempts = 12;

/** 15 s, 30 s, 1 min, ... capped at an hour: twelve attempts span about four and a half hours. */
export function mailBackoffMs(attempts: number): number {
  return Math.min(15_000 * 2 ** (attempts - 1), 60 * 60 * 1000);
}

export interface DeliveryRun {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

/**
 * Sends the queued messages that are due. Rows are claimed with SKIP LOCKED and a lease, so
 * instances and overlapping runs never send one row twice at once, and a row claimed by a process
 * that died is taken again when its lease ends (at-least-once, same Message-ID).
 */
export async function deliverDueMail(deps: MailDeps): Promise<DeliveryRun> {
  const { db, clock } = deps;
  const now = clock.now();
  const due = db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      and(
        eq(mailOutbox.status, 'pending'),
        lte(mailOutbox.nextAttemptAt, now),
        or(isNull(mailOutbox.lockedUntil), lte(mailOutbox.lockedUntil, now)),
      ),
    )
    .orderBy(asc(mailOutbox.nextAttemptAt))
    .limit(batchSize)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(mailOutbox)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${mailOutbox.attempts} + 1` })
    .where(inArray(mailOutbox.id, due))
    .returning({
      id: mailOutbox.id,
      kind: mailOutbox.kind,
      userId: mailOutbox.userId,
      toAddress: mailOutbox.toAddress,
      payload: mailOutbox.payload,
      attempts: mailOutbox.attempts,
    });
  const run: DeliveryRun = { claimed: claimed.length, sent: 0, retried: 0, failed: 0, skipped: 0 };
  for (const row of claimed) run[await deliverOne(deps, row)] += 1;
  return run;
}

async function deliverOne(
  deps: MailDeps,
  row: QueuedMail & { attempts: number },
): Promise<'sent' | 'retried' | 'failed' | 'skipped'> {
  const { db, clock, logger } = deps;
  const settle = (fields: Partial<typeof mailOutbox.$inferInsert>) =>
    db
      .update(mailOutbox)
      .set({ lockedUntil: null, ...fields })
      .where(eq(mailOutbox.id, row.id));
  const composed = await composeMail(db, deps.config, row);
  if ('skip' in composed) {
    await settle({ status: 'skipped', lastError: composed.skip, payload: {} });
    return 'skipped';
  }
  const result = await deps.mailer.send(composed.message);
  const fields = { mailId: row.id, kind: row.kind, attempts: row.attempts, transport: deps.mailer.name };
  if (result.status === 'sent') {
    // The links in a sent message's payload are live tokens: they are not kept once delivered.
    await settle({ status: 'sent', sentAt: clock.now(), payload: {}, lastError: null });
    logger.info('mail sent', fields);
    return 'sent';
  }
  if (result.status === 'rejected' || row.attempts >= maxMailAttempts) {
    await settle({ status: 'failed', lastError: result.error, payload: {} });
    if (result.status === 'rejected' && result.suppress) {
      await suppressAddress(db, row.toAddress, result.error, clock.now());
    }
    logger.warn('mail failed for good', { ...fields, error: result.error });
    return 'failed';
  }
  const nextAttemptAt = new Date(clock.now().getTime() + mailBackoffMs(row.attempts));
  await settle({ nextAttemptAt, lastError: result.error });
  logger.warn('mail delivery will be retried', { ...fields, error: result.error, nextAttemptAt });
  return 'retried';
}
