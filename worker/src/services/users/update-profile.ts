import { eq } from 'drizzle-orm';
import { users } from '../../../../db/schema';
import { notFound, validationFailed } from '../../errors';
import type { Deps } from '../../ports';
import type { UpdateMeBody } from '../../schemas/users';
import { assertAvailable } from './availability';
import { type OwnUser, ownUserColumns, toOwnUser } from './own-user';
import { userConflictFrom } from './unique-violation';

/**
 * Edits the caller's profile. Changing the email or username (the sign-in identity and the public
 * address) needs the current password: a stolen access token alone cannot take over an account.
 */
export async function updateProfile(deps: Deps, userId: string, input: UpdateMeBody): Promise<OwnUser> {
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
  let updated: OwnUser;
  try {
    const [row] = await db
      .update(users)
      .set({
        displayName: input.displayName,
        bio: input.bio,
        avatarUrl: input.avatarUrl,
        email,
        username,
        updatedAt: clock.now(),
      })
      .where(eq(users.id, userId))
      .returning(ownUserColumns);
    if (!row) throw notFound('User');
    updated = toOwnUser(row);
  } catch (error) {
    throw userConflictFrom(error) ?? error;
  }
  await deps.changes.announce({ entity: 'user', id: userId });
  return updated;
}
