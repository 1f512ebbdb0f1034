import { eq } from 'drizzle-orm';
import { users } from '../../../../db/schema';
import type { Executor } from '../../../../db/types';
import { notFound } from '../../errors';
import { type PublicUser, type PublicUserRow, publicUserColumns, toPublicUser } from './public-user';

/** What a signed-in user sees of themselves: the public profile plus their email. */
export const ownUserColumns = { ...publicUserColumns, email: users.email };

export interface OwnUser extends PublicUser {
  email: string;
}

export function toOwnUser({ email, ...row }: PublicUserRow & { email: string }): OwnUser {
  return { ...toPublicUser(row), email };
}

/** The caller's own profile; 404 if the account vanished since the token was issued. */
export async function getOwnUser(db: Executor, userId: string): Promise<OwnUser> {
  const [row] = await db.select(ownUserColumns).from(users).where(eq(users.id, userId));
  if (!row) throw notFound('User');
  return toOwnUser(row);
}
