import { inArray } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Executor } from '#db/types';

/**
 * Locks the rows of users a transaction is about to update (counters, the unread-count trigger),
 * all at once and in id order, as ADR 0100 requires of every write that touches several users.
 */
export async function lockUsers(tx: Executor, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)].sort();
  if (unique.length === 0) return;
  await tx.select({ id: users.id }).from(users).where(inArray(users.id, unique)).orderBy(users.id).for('no key update');
}
