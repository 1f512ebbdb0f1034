import { and, eq, isNull, sql } from 'drizzle-orm';
import { likes, notifications, posts } from '#db/schema';
import type { Transaction } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { notFound } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { createNotifications } from '../notifications/create-notification';
import { enqueueRoomEvents, notificationEvent, unreadCountEvent } from '../realtime/outbox';
import { likesCountEvent } from './post-events';
import { canSeePost } from './visibility';

export interface LikeState {
  likesCount: number;
  likedByMe: boolean;
}

async function findLikeablePost(tx: Transaction, slug: string, user: AuthUser, now: Date) {
  const [post] = await tx
    .select({
      id: posts.id,
      authorId: posts.authorId,
      status: posts.status,
      publishedAt: posts.publishedAt,
      likesCount: posts.likesCount,
    })
    .from(posts)
    .where(eq(posts.slug, slug))
    // Held until commit, so a post deleted meanwhile (with its author's account, say) is a 404 here
    // rather than a foreign-key failure at the insert. It conflicts only with that delete.
    .for('key share');
  if (!post || !canSeePost(post, user, now)) throw notFound('Post');
  return post;
}

async function moveLikesCount(tx: Transaction, postId: string, delta: 1 | -1): Promise<number> {
  const [row] = await tx
    .update(posts)
    .set({ likesCount: sql`${posts.likesCount} + ${delta}` })
    .where(eq(posts.id, postId))
    .returning({ likesCount: posts.likesCount });
  return (row as { likesCount: number }).likesCount;
}

/**
 * Likes a post; liking again changes nothing. The counter moves only when the like row was really
 * inserted, in the same transaction, so concurrent requests leave it exactly equal to the rows.
 * The author's notification and the room events are written in that transaction too.
 */
export async function likePost(deps: Deps, user: AuthUser, slug: string): Promise<LikeState> {
  const now = deps.clock.now();
  const { likesCount, changed, postId } = await deps.db.transaction(async (tx) => {
    const post = await findLikeablePost(tx, slug, user, now);
    const inserted = await tx
      .insert(likes)
      .values({ userId: user.id, postId: post.id })
      .onConflictDoNothing()
      .returning({ postId: likes.postId });
    if (inserted.length === 0) return { likesCount: post.likesCount, changed: false, postId: post.id };
    // The post row before the author's (locked by the unread-count trigger): the lock order of ADR 0100.
    const likesCount = await moveLikesCount(tx, post.id, 1);
    const notificationIds = await createNotifications(tx, [
      { userId: post.authorId, actorId: user.id, type: 'like', postId: post.id },
    ]);
    await enqueueRoomEvents(tx, [
      likesCountEvent(post.id),
      ...notificationIds.flatMap((id) => [notificationEvent(post.authorId, id), unreadCountEvent(post.authorId)]),
    ]);
    return { likesCount, changed: true, postId: post.id };
  });
  if (changed) {
    await deps.changes.announce({ entity: 'post', id: postId });
    deps.realtime.flush();
  }
  return { likesCount, likedByMe: true };
}

/** Takes a like back; idempotent like `likePost`. An unread like notification goes with it. */
export async function unlikePost(deps: Deps, user: AuthUser, slug: string): Promise<LikeState> {
  const now = deps.clock.now();
  const { likesCount, changed, postId } = await deps.db.transaction(async (tx) => {
    const post = await findLikeablePost(tx, slug, user, now);
    const deleted = await tx
      .delete(likes)
      .where(and(eq(likes.userId, user.id), eq(likes.postId, post.id)))
      .returning({ postId: likes.postId });
    if (deleted.length === 0) return { likesCount: post.likesCount, changed: false, postId: post.id };
    const likesCount = await moveLikesCount(tx, post.id, -1);
    const retracted = await tx
      .delete(notifications)
      .where(
        and(
          eq(notifications.type, 'like'),
          eq(notifications.actorId, user.id),
          eq(notifications.postId, post.id),
          isNull(notifications.readAt),
        ),
      )
      .returning({ id: notifications.id });
    // The retracted notification was unread: the author's badge drops with it.
    const unread = retracted.length > 0 ? [unreadCountEvent(post.authorId)] : [];
    await enqueueRoomEvents(tx, [likesCountEvent(post.id), ...unread]);
    return { likesCount, changed: true, postId: post.id };
  });
  if (changed) {
    await deps.changes.announce({ entity: 'post', id: postId });
    deps.realtime.flush();
  }
  return { likesCount, likedByMe: false };
}
