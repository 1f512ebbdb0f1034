import { count, eq, sql } from 'drizzle-orm';
import { comments, posts } from '#db/schema';
import type { Transaction } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import type { Deps } from '#worker/ports';
import { retractCommentNotifications } from '../notifications/retract-notifications';
import { enqueueRoomEvents, type OutboxEvent, unreadCountEvent } from '../realtime/outbox';
import { lockCommentForChange, lockPostOfComment } from './change-comment';

async function hasReplies(tx: Transaction, id: string): Promise<boolean> {
  const [row] = await tx.select({ n: count() }).from(comments).where(eq(comments.parentId, id));
  return (row?.n ?? 0) > 0;
}

/**
 * After a hard delete, a tombstone above it that has no replies left has nothing to hold together:
 * it goes too, and so on up the thread. Locks child before parent, like every other comment write.
 */
async function pruneTombstones(tx: Transaction, parentId: string | null): Promise<string[]> {
  const pruned: string[] = [];
  let id = parentId;
  while (id) {
    const [parent] = await tx
      .select({ parentId: comments.parentId, deletedAt: comments.deletedAt })
      .from(comments)
      .where(eq(comments.id, id))
      .for('update');
    if (!parent?.deletedAt || (await hasReplies(tx, id))) break;
    await tx.delete(comments).where(eq(comments.id, id));
    pruned.push(id);
    id = parent.parentId;
  }
  return pruned;
}

/**
 * Deletes a comment: its author, the post's author or an admin may. Without replies it is removed;
 * with replies it becomes a tombstone (no body, `deleted: true`) so the thread keeps its shape.
 * Either way it stops counting in posts.comments_count and the notifications it caused are
 * removed, in the same transaction as the room events that say so.
 */
export async function deleteComment(deps: Deps, viewer: AuthUser, id: string): Promise<void> {
  const postId = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await lockPostOfComment(tx, id);
    const comment = await lockCommentForChange(
      tx,
      id,
      viewer,
      now,
      (c, post) => viewer.role === 'admin' || c.authorId === viewer.id || post.authorId === viewer.id,
    );
    await tx
      .update(posts)
      .set({ commentsCount: sql`${posts.commentsCount} - 1` })
      .where(eq(posts.id, comment.postId));
    const unreadChanged = await retractCommentNotifications(tx, id);
    const room = `post/${comment.postId}`;
    const unread = unreadChanged.map(unreadCountEvent);
    if (await hasReplies(tx, id)) {
      await tx.update(comments).set({ body: '', html: '', deletedAt: now, updatedAt: now }).where(eq(comments.id, id));
      await enqueueRoomEvents(tx, [{ room, type: 'comment.updated', ref: id }, ...unread]);
      return comment.postId;
    }
    await tx.delete(comments).where(eq(comments.id, id));
    const pruned = await pruneTombstones(tx, comment.parentId);
    const deleted = [id, ...pruned].map((gone): OutboxEvent => ({ room, type: 'comment.deleted', data: { id: gone } }));
    await enqueueRoomEvents(tx, [...deleted, ...unread]);
    return comment.postId;
  });
  await deps.changes.announce({ entity: 'comments', postId }, { entity: 'post', id: postId });
  deps.realtime.flush();
}
