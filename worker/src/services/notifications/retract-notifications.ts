import { eq } from 'drizzle-orm';
import { notifications } from '#db/schema';
import type { Executor } from '#db/types';

/**
 * Removes the notifications a comment caused, inside the caller's transaction: once the words are
 * gone there is nothing to be notified of. Returns the users whose unread count fell, so that their
 * rooms can be told after commit.
 */
export async function retractCommentNotifications(tx: Executor, commentId: string): Promise<string[]> {
  const removed = await tx
    .delete(notifications)
    .where(eq(notifications.commentId, commentId))
    .returning({ userId: notifications.userId, readAt: notifications.readAt });
  return [...new Set(removed.filter((n) => n.readAt === null).map((n) => n.userId))];
}
