import { and, eq } from 'drizzle-orm';
import { follows, users } from '../../../../db/schema';
import type { Executor } from '../../../../db/types';
import { notFound } from '../../errors';
import { type PublicUser, publicUserColumns, toPublicUser } from './public-user';

/** A public profile by username; `following` says whether the signed-in viewer follows them. */
export async function getProfile(db: Executor, username: string, viewerId?: string): Promise<PublicUser> {
  const [row] = await db.select(publicUserColumns).from(users).where(eq(users.username, username));
  if (!row) throw notFound('User');
  if (viewerId === undefined) return toPublicUser(row);
  const [follow] = await db
    .select({ followerId: follows.followerId })
    .from(follows)
    .where(and(eq(follows.followerId, viewerId), eq(follows.followeeId, row.id)));
  return toPublicUser(row, follow !== undefined);
}
