import { and, eq, ne, or } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Executor } from '#db/types';
import { conflictOn } from '#worker/errors';

/**
 * Answers 409 before any expensive work when an email or username is taken (by someone other
 * than `exceptUserId`). The unique indexes still decide races; see `userConflictFrom`.
 */
export async function assertAvailable(
  db: Executor,
  wanted: { email?: string; username?: string },
  exceptUserId?: string,
): Promise<void> {
  const clauses = [
    wanted.email === undefined ? undefined : eq(users.email, wanted.email),
    wanted.username === undefined ? undefined : eq(users.username, wanted.username),
  ].filter((clause) => clause !== undefined);
  if (clauses.length === 0) return;
  const taken = await db
    .select({ email: users.email, username: users.username })
    .from(users)
    .where(and(or(...clauses), exceptUserId ? ne(users.id, exceptUserId) : undefined));
  if (taken.some((row) => row.email === wanted.email)) throw conflictOn('email', 'This email is already registered');
  if (taken.some((row) => row.username === wanted.username)) throw conflictOn('username', 'This username is taken');
}
