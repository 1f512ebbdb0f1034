import { and, eq, isNull, sql } from 'drizzle-orm';
import { follows, notifications, users } from '#db/schema';
import type { Transaction } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { notFound, validationFailed } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { createNotifications } from '../notifications/create-notification';
import { enqueueRoomEvents, notificationEvent, unreadCountEvent } from '../realtime/outbox';
import { lockUsers } from '../users/lock-users';

export interface FollowState {
  following: boolean;
  followersCount: number;
}

async function findTarget(tx: Transaction, username: string, viewer: AuthUser) {
  const [target] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username.toLowerCase()));
  if (!target) throw notFound('User');
  if (target.id === viewer.id) throw validationFailed('username', 'You cannot follow yourself');
  // Both rows in id order before the edge is written (ADR 0100): writing it takes key-share locks on
  // both, which an account deletion's row lock conflicts with, so they must not come out of order.
  const locked = await lockUsers(tx, [viewer.id, target.id]);
  if (!locked.has(target.id) || !locked.has(viewer.id)) throw notFound('User');
  return target;
}

/** Read after the write, so a no-op still answers with what other requests have committed. */
async function followersOf(tx: Transaction, id: string): Promise<number> {
  const [row] = await tx.select({ n: users.followersCount }).from(users).where(eq(users.id, id));
  return row?.n ?? 0;
}

/** Moves both counters by `delta` (both rows are locked already, in id order). Returns the followee's new followers count. */
async function shiftCounts(tx: Transaction, followerId: string, followeeId: string, delta: 1 | -1) {
  const steps = [
    { id: followerId, set: { followingCount: sql`${users.followingCount} + ${delta}` } },
    { id: followeeId, set: { followersCount: sql`${users.followersCount} + ${delta}` } },
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
  let followersCount = 0;
  for (const step of steps) {
    const [row] = await tx
      .update(users)
      .set(step.set)
      .where(eq(users.id, step.id))
      .returning({ followersCount: users.followersCount });
    if (step.id === followeeId && row) followersCount = row.followersCount;
  }
  return followersCount;
}

/**
 * Follows a user; following again changes nothing. The edge, both counters and the followee's
 * notification are written in one transaction, with the room events that tell the followee.
 */
export async function followUser(deps: Deps, viewer: AuthUser, username: string): Promise<FollowState> {
  const { state, changed, followeeId } = await deps.db.transaction(async (tx) => {
    const target = await findTarget(tx, username, viewer);
    const inserted = await tx
      .insert(follows)
      .values({ followerId: viewer.id, followeeId: target.id })
      .onConflictDoNothing()
      .returning({ followeeId: follows.followeeId });
    if (inserted.length === 0) {
      return {
        state: { following: true, followersCount: await followersOf(tx, target.id) },
        changed: false,
        followeeId: target.id,
      };
    }
    const followersCount = await shiftCounts(tx, viewer.id, target.id, 1);
    const ids = await createNotifications(tx, [{ userId: target.id, actorId: viewer.id, type: 'follow' }]);
    await enqueueRoomEvents(
      tx,
      ids.flatMap((id) => [notificationEvent(target.id, id), unreadCountEvent(target.id)]),
    );
    return { state: { following: true, followersCount }, changed: true, followeeId: target.id };
  });
  if (changed) {
    await deps.changes.announce({ entity: 'user', id: followeeId }, { entity: 'user', id: viewer.id });
    deps.realtime.flush();
  }
  return state;
}

/**
 * Unfollows a user; unfollowing someone not followed changes nothing. An unread follow notification
 * goes with the edge, so following and unfollowing in a loop does not flood the followee's inbox.
 */
export async function unfollowUser(deps: Deps, viewer: AuthUser, username: string): Promise<FollowState> {
  const { state, followeeId, retracted, changed } = await deps.db.transaction(async (tx) => {
    const target = await findTarget(tx, username, viewer);
    const deleted = await tx
      .delete(follows)
      .where(and(eq(follows.followerId, viewer.id), eq(follows.followeeId, target.id)))
      .returning({ followeeId: follows.followeeId });
    if (deleted.length === 0) {
      const unchanged = { following: false, followersCount: await followersOf(tx, target.id) };
      return { state: unchanged, followeeId: target.id, retracted: 0, changed: false };
    }
    const followersCount = await shiftCounts(tx, viewer.id, target.id, -1);
    const gone = await tx
      .delete(notifications)
      .where(
        and(
          eq(notifications.userId, target.id),
          eq(notifications.actorId, viewer.id),
          eq(notifications.type, 'follow'),
          isNull(notifications.readAt),
        ),
      )
      .returning({ id: notifications.id });
    if (gone.length > 0) await enqueueRoomEvents(tx, [unreadCountEvent(target.id)]);
    return {
      state: { following: false, followersCount },
      followeeId: target.id,
      retracted: gone.length,
      changed: true,
    };
  });
  if (changed) await deps.changes.announce({ entity: 'user', id: followeeId }, { entity: 'user', id: viewer.id });
  if (retracted > 0) deps.realtime.flush();
  return state;
}
