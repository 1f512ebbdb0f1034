import { eq, sql } from 'drizzle-orm';
import { users } from '#db/schema';
import { AppError, notFound } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { revokeUserSessions } from '../auth/refresh-token';

/**
 * Suspends an account at once: the token version is bumped (every access token already issued is
 * refused on its next request) and every session is revoked, in one transaction. Idempotent.
 * An admin cannot suspend themselves, so the last admin cannot lock the site out by mistake.
 */
export async function suspendUser(deps: Deps, actor: { id: string }, username: string): Promise<void> {
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const [target] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
    if (!target) throw notFound('User');
    if (target.id === actor.id) throw new AppError('forbidden', 'You cannot suspend your own account');
    await tx
      .update(users)
      .set({
        suspendedAt: sql`coalesce(${users.suspendedAt}, ${now.toISOString()}::timestamptz)`,
        tokenVersion: sql`${users.tokenVersion} + 1`,
        updatedAt: now,
      })
      .where(eq(users.id, target.id));
    await revokeUserSessions(tx, target.id, now);
    return target.id;
  });
  await deps.changes.announce({ entity: 'user', id });
}

/** Lifts a suspension; the user signs in again (their old sessions stay revoked). Idempotent. */
export async function unsuspendUser(deps: Deps, username: string): Promise<void> {
  const updated = await deps.db
    .update(users)
    .set({ suspendedAt: null, updatedAt: deps.clock.now() })
    .where(eq(users.username, username))
    .returning({ id: users.id });
  const [user] = updated;
  if (!user) throw notFound('User');
  await deps.changes.announce({ entity: 'user', id: user.id });
}
