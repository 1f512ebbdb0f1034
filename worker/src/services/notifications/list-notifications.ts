import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { notifications, users } from '#db/schema';
import type { Database } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { oncePer } from '#worker/once-per';
import type { Deps } from '#worker/ports';
import type { ListNotificationsQuery } from '#worker/schemas/notifications';
import { before, decodeCursor, encodeCursor } from '../comments/keyset-cursor';
import { type NotificationView, selectNotifications, toNotificationView } from './notification-view';

export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
}

/** The viewer's notifications, newest first, optionally only the unread ones (keyset-paginated). */
export async function listNotifications(
  deps: Pick<Deps, 'db'>,
  viewer: AuthUser,
  query: ListNotificationsQuery,
): Promise<NotificationPage> {
  const position = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await selectNotifications(
    deps.db,
    and(
      eq(notifications.userId, viewer.id),
      query.unread === 'true' ? isNull(notifications.readAt) : undefined,
      position ? before(notifications.createdAt, notifications.id, position) : undefined,
    ),
  )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toNotificationView),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.position, id: last.id }) : null,
  };
}

const unreadCountOfOne = oncePer((db: Database) =>
  db
    .select({ n: users.unreadNotifications })
    .from(users)
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare('unread_count_of_one'),
);

/** How many of the user's notifications are unread (a count the database keeps; see migration 0002). */
export async function countUnread(db: Database, userId: string): Promise<number> {
  const [row] = await unreadCountOfOne(db).execute({ userId });
  return row?.n ?? 0;
}
