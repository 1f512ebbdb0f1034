import { eq, sql } from 'drizzle-orm';
import { users } from '#db/schema';
import { notFound, validationFailed } from '#worker/errors';
import type { Deps } from '#worker/ports';
import type { ChangePasswordBody } from '#worker/schemas/auth';
import { enqueuePasswordChangedNotice } from '../account/password-reset';
import { assertAcceptablePassword } from './password-policy';
import { revokeUserSessions } from './refresh-token';

/**
 * Changes the caller's password and signs out every other session: the token version is bumped
 * (so every access token, the caller's included, stops working) and every refresh-token family
 * but the caller's own is revoked, so the caller continues after one refresh.
 */
export async function changePassword(
  deps: Deps,
  caller: { id: string; sessionId?: string },
  input: ChangePasswordBody,
): Promise<void> {
  const { db, passwordHasher, clock, config } = deps;
  const [row] = await db
    .select({ email: users.email, username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, caller.id));
  if (!row) throw notFound('User');
  if (!(await passwordHasher.verify(row.passwordHash, input.currentPassword))) {
    throw validationFailed('currentPassword', 'Current password is incorrect');
  }
  assertAcceptablePassword(input.newPassword, row, 'newPassword');
  const passwordHash = await passwordHasher.hash(input.newPassword);
  const now = clock.now();
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: now })
      .where(eq(users.id, caller.id));
    await revokeUserSessions(tx, caller.id, now, caller.sessionId);
    await enqueuePasswordChangedNotice(tx, { userId: caller.id, email: row.email, publicUrl: config.publicUrl }, now);
  });
  deps.mail.kick();
}
