import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { notifications } from '../../../../db/schema';
import type { Database } from '../../../../db/types';
import { batched } from '../../batched';
import { oncePer } from '../../once-per';
import type { Deps, RoomEvent } from '../../ports';
import { type NotificationView, selectNotifications, toNotificationView } from './notification-view';

/** A notification just created, with the user it is for. */
export interface CreatedNotification {
  userId: string;
  view: NotificationView;
}

// Notifications that commit together (a popular author's, under load) are counted in one query.
const unreadCountOfOne = oncePer((db: Database) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
    .prepare('unread_count_of_one'),
);

const unreadCountAfterCommit = oncePer((db: Database) =>
  batched(async (userIds: string[]) => {
    const distinct = [...new Set(userIds)];
    if (distinct.length === 1) {
      const [row] = await unreadCountOfOne(db).execute({ userId: distinct[0] });
      return userIds.map(() => row?.n ?? 0);
    }
    const rows = await db
      .select({ userId: notifications.userId, n: count() })
      .from(notifications)
      .where(and(inArray(notifications.userId, distinct), isNull(notifications.readAt)))
      .groupBy(notifications.userId);
    const counts = new Map(rows.map((row) => [row.userId, row.n]));
    return userIds.map((userId) => counts.get(userId) ?? 0);
  }),
);

/**
 * Sends the user's room its current unread count. Runs after commit; a failure to read is logged,
 * never turned into an error for a request whose write already succeeded.
 */
export async function publishUnreadCount(deps: Deps, userId: string): Promise<void> {
  try {
    const count = await unreadCountAfterCommit(deps.db)(userId);
    await deps.realtime.publish(`user/${userId}`, { type: 'notifications.unread', data: { count } });
  } catch (error) {
    deps.logger.warn('could not publish unread count', { userId, error: String(error) });
  }
}

/**
 * What the recipients' rooms are told of new notifications: each one, then each recipient's new
 * unread count. Empty when the counts cannot be read (logged): the write already succeeded.
 */
export async function notificationEvents(deps: Deps, created: CreatedNotification[]): Promise<RoomEvent[]> {
  if (created.length === 0) return [];
  const recipients = [...new Set(created.map((n) => n.userId))];
  let counts: number[];
  try {
    counts = await Promise.all(recipients.map((userId) => unreadCountAfterCommit(deps.db)(userId)));
  } catch (error) {
    deps.logger.warn('could not count unread notifications to publish', { error: String(error) });
    return [];
  }
  return [
    ...created.map(({ userId, view }) => ({
      room: `user/${userId}`,
      event: { type: 'notification.created', data: view },
    })),
    ...recipients.map((userId, i) => ({
      room: `user/${userId}`,
      event: { type: 'notifications.unread', data: { count: counts[i] ?? 0 } },
    })),
  ];
}

/**
 * Publishes `notification.created` and then the new unread count to each recipient's room. Call it
 * after the transaction that ran createNotifications has committed, with the ids it returned.
 */
export async function publishNotifications(deps: Deps, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  let created: CreatedNotification[];
  try {
    const rows = await selectNotifications(deps.db, inArray(notifications.id, ids)).orderBy(
      asc(notifications.createdAt),
    );
    created = rows.map((row) => ({ userId: row.userId, view: toNotificationView(row) }));
  } catch (error) {
    deps.logger.warn('could not load notifications to publish', { error: String(error) });
    return;
  }
  await deps.realtime.publishAll(await notificationEvents(deps, created));
}
