import { eq } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Executor } from '#db/types';
import { notFound } from '#worker/errors';
import { type PublicUser, type PublicUserRow, publicUserColumns, toPublicUser } from './public-user';

/** What a signed-in user sees of themselves: the public profile plus their email and whether it is verified. */
export const ownUserColumns = { ...publicUserColumns, email: users.email, emailVerifiedAt: users.emailVerifiedAt };

export interface OwnUser extends PublicUser {
  email: string;
  emailVerified: boolean;
}

export function toOwnUser({
  email,
  emailVerifiedAt,
  ...row
}: PublicUserRow & { email: string; emailVerifiedAt: Date | null }): OwnUser {
  return { ...toPublicUser(row), email, emailVerified: emailVerifiedAt !== null };
}

/** The caller's own profile; 404 if the account vanished since the token was issued. */
export async function getOwnUser(db: Executor, userId: string): Promise<OwnUser> {
  const [row] = await db.select(ownUserColumns).from(users).where(eq(users.id, userId));
  if (!row) throw notFound('User');
  return toOwnUser(row);
}
