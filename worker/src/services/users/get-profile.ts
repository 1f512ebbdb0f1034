import { and, eq } from 'drizzle-orm';
import { follows, users } from '#db/schema';
import type { Executor } from '#db/types';
import { notFound } from '#worker/errors';
import { type PublicUser, publicUserColumns, toPublicUser } from './public-user';

export interface Profile extends PublicUser {
  /** Only shown to admins, who moderate from the profile. */
  suspended?: boolean;
}

/**
 * A public profile by username; `following` says whether the signed-in viewer follows them, and
 * an admin viewer also learns whether the account is suspended.
 */
export async function getProfile(
  db: Executor,
  username: string,
  viewer?: { id: string; role: 'user' | 'admin' },
): Promise<Profile> {
  const [row] = await db
    .select({ ...publicUserColumns, suspendedAt: users.suspendedAt })
    .from(users)
    .where(eq(users.username, username));
  if (!row) throw notFound('User');
  const { suspendedAt, ...publicRow } = row;
  if (!viewer) return toPublicUser(publicRow);
  const [follow] = await db
    .select({ followerId: follows.followerId })
    .from(follows)
    .where(and(eq(follows.followerId, viewer.id), eq(follows.followeeId, row.id)));
  const profile: Profile = toPublicUser(publicRow, follow !== undefined);
  return viewer.role === 'admin' ? { ...profile, suspended: suspendedAt !== null } : profile;
}
