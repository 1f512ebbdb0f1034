import { and, eq, isNull } from 'drizzle-orm';
import { notifications } from '#db/schema';
import type { AuthUser } from '#worker/domain/auth-user';
import { notFound } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { enqueueRoomEvents, unreadCountEvent } from '../realtime/outbox';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Marks one of the viewer's notifications read. Someone else's, or one that does not exist, is the
 * same 404: ids of other people's notifications are not confirmed.
 */
export async function markRead(deps: Deps, viewer: AuthUser, id: string): Promise<void> {
  if (!uuidPattern.test(id)) throw notFound('Notification');
  const [row] = await deps.db
    .select({ readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, viewer.id)));
  if (!row) throw notFound('Notification');
  if (row.readAt) return;
  await deps.db.transaction(async (tx) => {
    await tx
      .update(notifications)
      .set({ readAt: deps.clock.now() })
      .where(and(eq(notifications.id, id), isNull(notifications.readAt)));
    await enqueueRoomEvents(tx, [unreadCountEvent(viewer.id)]);
  });
  deps.realtime.flush();
}

/** Marks every unread notification of the viewer read, in one statement. */
export async function markAllRead(deps: Deps, viewer: AuthUser): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await tx
      .update(notifications)
      .set({ readAt: deps.clock.now() })
      .where(and(eq(notifications.userId, viewer.id), isNull(notifications.readAt)));
    await enqueueRoomEvents(tx, [unreadCountEvent(viewer.id)]);
  });
  deps.realtime.flush();
}
