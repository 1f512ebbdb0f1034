import { eq, sql } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Executor } from '#db/types';
import type { Deps } from '#worker/ports';
import { revokeUserSessions } from '../auth/refresh-token';
import { enqueueMail } from '../mail/enqueue-mail';
import { clearSuppression } from '../mail/suppressions';
import { assertAvailable } from '../users/availability';
import { userConflictFrom } from '../users/unique-violation';
import { consumeEmailToken, issueEmailToken, linkTo, retireEmailTokens } from './email-tokens';

/**
 * Starts moving an account to `newEmail` (the caller proved the password): a confirmation link to
 * the new address, and a notice with an undo link to the current one. Nothing changes until the
 * new address is confirmed. Runs inside the profile update's transaction.
 */
export async function startEmailChange(
  tx: Executor,
  input: { userId: string; currentEmail: string; newEmail: string; publicUrl: string },
  now: Date,
): Promise<void> {
  const { userId, currentEmail, newEmail, publicUrl } = input;
  const confirm = await issueEmailToken(tx, { userId, purpose: 'email_change', email: newEmail, now });
  const undo = await issueEmailToken(tx, { userId, purpose: 'email_change_undo', email: currentEmail, now });
  await enqueueMail(
    tx,
    [
      { kind: 'email_change', userId, to: newEmail, payload: { url: linkTo(publicUrl, 'confirm-email', confirm) } },
      {
        kind: 'email_change_notice',
        userId,
        to: currentEmail,
        payload: { url: linkTo(publicUrl, 'undo-email-change', undo), newEmail },
      },
    ],
    now,
  );
}

/**
 * Moves the account to the confirmed address, which is verified by the same click; the click also
 * proves the address takes mail, so an earlier bounce or complaint on it no longer stops any.
 */
export async function confirmEmailChange(deps: Deps, token: string): Promise<void> {
  const now = deps.clock.now();
  try {
    await deps.db.transaction(async (tx) => {
      const { userId, email } = await consumeEmailToken(tx, token, 'email_change', now);
      await assertAvailable(tx, { email }, userId);
      await tx.update(users).set({ email, emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, userId));
      await clearSuppression(tx, email);
    });
  } catch (error) {
    throw userConflictFrom(error) ?? error;
  }
}

/**
 * The owner's way back from a change they did not ask for: the old address is restored (a change
 * not yet confirmed can no longer be), and every session ends, the intruder's included.
 */
export async function undoEmailChange(deps: Deps, token: string): Promise<void> {
  const now = deps.clock.now();
  try {
    await deps.db.transaction(async (tx) => {
      const { userId, email } = await consumeEmailToken(tx, token, 'email_change_undo', now);
      await retireEmailTokens(tx, userId, 'email_change', now);
      await assertAvailable(tx, { email }, userId);
      await tx
        .update(users)
        .set({ email, emailVerifiedAt: now, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: now })
        .where(eq(users.id, userId));
      await revokeUserSessions(tx, userId, now);
    });
  } catch (error) {
    throw userConflictFrom(error) ?? error;
  }
}
