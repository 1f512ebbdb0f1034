import { asc, inArray } from 'drizzle-orm';
import { notifications } from '../../../../db/schema';
import type { Deps } from '../../ports';
import { countUnread } from './list-notifications';
import { selectNotifications, toNotificationView } from './notification-view';

/**
 * Sends the user's room its current unread count. Runs after commit; a failure to read is logged,
 * never turned into an error for a request whose write already succeeded.
 */
export async function publishUnreadCount(deps: Deps, userId: string): Promise<void> {
  try {
    const count = await countUnread(deps.db, userId);
    await deps.realtime.publish(`user/${userId}`, { type: 'notifications.unread', data: { count } });
  } catch (error) {
    deps.logger.warn('could not publish unread count', { userId, error: String(error) });
  }
}

/**
 * Publishes `notification.created` and then the new unread count to each recipient's room. Call it
 * after the transaction that ran createNotifications has committed, with the ids it returned.
 */
export async function publishNotifications(deps: Deps, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  let rows: Awaited<ReturnType<typeof selectNotifications>>;
  try {
    rows = await selectNotifications(deps.db, inArray(notifications.id, ids)).orderBy(asc(notifications.createdAt));
  } catch (error) {
    deps.logger.warn('could not load notifications to publish', { error: String(error) });
    return;
  }
  const recipients = new Set<string>();
  for (const row of rows) {
    recipients.add(row.userId);
    await deps.realtime.publish(`user/${row.userId}`, { type: 'notification.created', data: toNotificationView(row) });
  }
  for (const userId of recipients) await publishUnreadCount(deps, userId);
}
