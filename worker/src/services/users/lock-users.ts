import { inArray } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Executor } from '#db/types';

/**
 * Locks the rows of users a transaction is about to update (counters, the unread-count trigger),
 * all at once and in id order, as ADR 0100 requires of every write that touches several users.
 */
export async function lockUsers(tx: Executor, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)].sort();
  if (unique.length === 0) return new Set();
  const locked = await tx
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.id, unique))
    .orderBy(users.id)
    .for('no key update');
  // An account deleted meanwhile is missing here: the caller answers 404 rather than fail a foreign key.
  return new Set(locked.map((row) => row.id));
}
