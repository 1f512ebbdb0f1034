import type { NotificationType } from '#db/schema';
import { notifications } from '#db/schema';
import type { Executor } from '#db/types';

export interface NewNotification {
  userId: string;
  actorId: string;
  type: NotificationType;
  postId?: string;
  commentId?: string;
}

/** Nobody is notified of their own action. */
export function notifiable<T extends NewNotification>(items: T[]): T[] {
  return items.filter((n) => n.userId !== n.actorId);
}

/**
 * Records notifications inside the caller's transaction, so they exist exactly when their cause
 * does. Nobody is notified of their own action. Returns the ids created, for publishing after commit.
 */
export async function createNotifications(tx: Executor, items: NewNotification[]): Promise<string[]> {
  const rows = notifiable(items);
  if (rows.length === 0) return [];
  const inserted = await tx.insert(notifications).values(rows).returning({ id: notifications.id });
  return inserted.map((r) => r.id);
}
