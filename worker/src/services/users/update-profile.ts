import { eq } from 'drizzle-orm';
import { users } from '#db/schema';
import { notFound, validationFailed } from '#worker/errors';
import type { Deps } from '#worker/ports';
import type { UpdateMeBody } from '#worker/schemas/users';
import { startEmailChange } from '../account/email-change';
import { assertAvailable } from './availability';
import { type OwnUser, ownUserColumns, toOwnUser } from './own-user';
import { userConflictFrom } from './unique-violation';

export interface ProfileUpdate {
  user: OwnUser;
  /** The new address waiting for its confirmation link, when the email was asked to change. */
  pendingEmail?: string;
}

/**
 * Edits the caller's profile. Changing the email or username (the sign-in identity and the public
 * address) needs the current password: a stolen access token alone cannot take over an account.
 * A new email is not set here: it is mailed a confirmation link, and the old one an undo link.
 */
export async function updateProfile(deps: Deps, userId: string, input: UpdateMeBody): Promise<ProfileUpdate> {
  const { db, passwordHasher, clock } = deps;
  const [current] = await db
    .select({ email: users.email, username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!current) throw notFound('User');
  const email = input.email !== undefined && input.email !== current.email ? input.email : undefined;
  const username = input.username !== undefined && input.username !== current.username ? input.username : undefined;
  if (email !== undefined || username !== undefined) {
    if (!input.currentPassword) {
      throw validationFailed('currentPassword', 'Enter your current password to change your email or username');
    }
    if (!(await passwordHasher.verify(current.passwordHash, input.currentPassword))) {
      throw validationFailed('currentPassword', 'Current password is incorrect');
    }
    await assertAvailable(db, { email, username }, userId);
  }
  const now = clock.now();
  let updated: OwnUser;
  try {
    const row = await db.transaction(async (tx) => {
      const [changed] = await tx
        .update(users)
        .set({ displayName: input.displayName, bio: input.bio, avatarUrl: input.avatarUrl, username, updatedAt: now })
        .where(eq(users.id, userId))
        .returning(ownUserColumns);
      if (!changed) throw notFound('User');
      // Queue rows last (ADR 0100): the confirmation and the notice are new rows, they lock nothing.
      if (email !== undefined) {
        const change = { userId, currentEmail: current.email, newEmail: email, publicUrl: deps.config.publicUrl };
        await startEmailChange(tx, change, now);
      }
      return changed;
    });
    updated = toOwnUser(row);
  } catch (error) {
    throw userConflictFrom(error) ?? error;
  }
  if (email !== undefined) deps.mail.kick();
  await deps.changes.announce({ entity: 'user', id: userId });
  return { user: updated, ...(email !== undefined ? { pendingEmail: email } : {}) };
}
