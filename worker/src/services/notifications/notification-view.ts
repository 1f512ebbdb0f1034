import { eq, type SQL } from 'drizzle-orm';
import { type NotificationType, notifications, posts, users } from '#db/schema';
import type { Executor } from '#db/types';
import { keysetTimestamp } from '../comments/keyset-cursor';
import { type PublicUser, type PublicUserRow, publicUserColumns, toPublicUser } from '../users/public-user';

/** A notification as the API lists it and the user's room receives it. */
export interface NotificationView {
  id: string;
  type: NotificationType;
  actor: PublicUser;
  post?: { id: string; slug: string; title: string };
  comment?: { id: string };
  read: boolean;
  createdAt: string;
}

interface NotificationRow {
  id: string;
  /** The recipient; not part of the view, which only its recipient ever sees. */
  userId: string;
  type: NotificationType;
  actor: PublicUserRow;
  postId: string | null;
  postSlug: string | null;
  postTitle: string | null;
  commentId: string | null;
  readAt: Date | null;
  createdAt: Date;
  position: string;
}

const notificationColumns = {
  id: notifications.id,
  userId: notifications.userId,
  type: notifications.type,
  actor: publicUserColumns,
  postId: posts.id,
  postSlug: posts.slug,
  postTitle: posts.title,
  commentId: notifications.commentId,
  readAt: notifications.readAt,
  createdAt: notifications.createdAt,
  position: keysetTimestamp(notifications.createdAt),
};

/** Notifications with their actor and post, filtered and ordered by the caller. */
export function selectNotifications(tx: Executor, where: SQL | undefined) {
  return tx
    .select(notificationColumns)
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.actorId))
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .where(where);
}

export function toNotificationView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    type: row.type,
    actor: toPublicUser(row.actor),
    ...(row.postId && row.postSlug !== null && row.postTitle !== null
      ? { post: { id: row.postId, slug: row.postSlug, title: row.postTitle } }
      : {}),
    ...(row.commentId ? { comment: { id: row.commentId } } : {}),
    read: row.readAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}
