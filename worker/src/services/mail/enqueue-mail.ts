import { type MailKind, mailOutbox } from '#db/schema';
import type { Executor } from '#db/types';

export interface MailToQueue {
  kind: MailKind;
  userId: string | null;
  to: string;
  payload?: Record<string, unknown>;
}

/**
 * Queues messages inside the caller's transaction, so a message exists exactly when its cause
 * does. Written last in the transaction (lock order, ADR 0100; the queue, ADR 0110): the outbox is a leaf, it locks nothing else.
 * After commit the caller calls `deps.mail.kick()`.
 */
export async function enqueueMail(tx: Executor, items: MailToQueue[], now: Date): Promise<void> {
  if (items.length === 0) return;
  await tx.insert(mailOutbox).values(
    items.map((item) => ({
      kind: item.kind,
      userId: item.userId,
      toAddress: item.to,
      payload: item.payload ?? {},
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
}
