import { eq } from 'drizzle-orm';
import { mailSuppressions } from '#db/schema';
import type { Executor } from '#db/types';

/**
 * Stops notification and digest mail to an address that bounced hard or complained (ADR 0110);
 * security messages still go. The first reason is kept: a later event changes nothing.
 */
export async function suppressAddress(db: Executor, address: string, reason: string, now: Date): Promise<void> {
  await db
    .insert(mailSuppressions)
    .values({ address: address.trim().toLowerCase(), reason: reason.slice(0, 200), createdAt: now })
    .onConflictDoNothing();
}

/** The owner just clicked a link mailed to this address, so it takes mail again. */
export async function clearSuppression(db: Executor, address: string): Promise<void> {
  await db.delete(mailSuppressions).where(eq(mailSuppressions.address, address.trim().toLowerCase()));
}
