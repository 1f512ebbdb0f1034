import { asc, inArray } from 'drizzle-orm';
import { notifications, users } from '../../../../db/schema';
import type { Database } from '../../../../db/types';
import { batched } from '../../batched';
import { oncePer } from '../../once-per';
import type { Deps, RoomEvent } from '../../ports';
import { countUnread } from './list-notifications';
import { type NotificationView, selectNotifications, toNotificationView } from './notification-view';

/** A notification just created, with the user it is for. */
export interface CreatedNotification {
  userId: string;
  view: NotificationView;
}

// Notifications that commit together (a popular author's, under load) are counted in one query.
const unreadCountAfterCommit = oncePer((db: Database) =>
  batched(async (userIds: string[]) => {
    const distinct = [...new Set(userIds)];
    if (distinct.length === 1) {
      const count = await countUnread(db, distinct[0] as string);
      return userIds.map(() => count);
    }
    const rows = await db
      .select({ userId: users.id, n: users.unreadNotifications })
      .from(users)
      .where(inArray(users.id, distinct));
    const counts = new Map(rows.map((row) => [row.userId, row.n]));
    return userIds.map((userId) => counts.get(userId) ?? 0);
  }),
);

/**
 * Each user's current unread count, as the event their room is told. Read after commit; empty when
 * the counts cannot be read (logged): the write they follow already succeeded.
 */
export async function unreadCountEvents(deps: Deps, userIds: readonly string[]): Promise<RoomEvent[]> {
  try {
    const counts = await Promise.all(userIds.map((userId) => unreadCountAfterCommit(deps.db)(userId)));
    return userIds.map((userId, i) => ({
      room: `user/${userId}`,
      event: { type: 'notifications.unread', data: { count: counts[i] ?? 0 } },
    }));
  } catch (error) {
    deps.logger.warn('could not count unread notifications to publish', { error: String(error) });
    return [];
  }
}

/** Sends the user's room its unread count once the answer has gone. */
export function publishUnreadCount(deps: Deps, userId: string): void {
  deps.realtime.publishLater(() => unreadCountEvents(deps, [userId]));
}

/**
 * What the recipients' rooms are told of new notifications: each one, then each recipient's new
 * unread count (left out when it cannot be read).
 */
export async function notificationEvents(deps: Deps, created: CreatedNotification[]): Promise<RoomEvent[]> {
  if (created.length === 0) return [];
  const recipients = [...new Set(created.map((n) => n.userId))];
  const counts = await unreadCountEvents(deps, recipients);
  if (counts.length === 0) return [];
  const notified = created.map(({ userId, view }) => ({
    room: `user/${userId}`,
    event: { type: 'notification.created', data: view },
  }));
  return [...notified, ...counts];
}

/**
 * Publishes `notification.created` and then the new unread count to each recipient's room, once the
 * answer has gone. Call it after the transaction that ran createNotifications has committed, with
 * the ids it returned.
 */
export function publishNotifications(deps: Deps, ids: string[]): void {
  if (ids.length === 0) return;
  deps.realtime.publishLater(async () => {
    try {
      const rows = await selectNotifications(deps.db, inArray(notifications.id, ids)).orderBy(
        asc(notifications.createdAt),
      );
      const created = rows.map((row) => ({ userId: row.userId, view: toNotificationView(row) }));
      return await notificationEvents(deps, created);
    } catch (error) {
      deps.logger.warn('could not load notifications to publish', { error: String(error) });
      return [];
    }
  });
}
