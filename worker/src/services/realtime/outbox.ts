import { realtimeOutbox } from '#db/schema';
import type { Executor } from '#db/types';
import type { RoomEventType } from '#realtime/protocol';

/**
 * A room event as a write records it: `ref` names the row whose state the event carries when the
 * relay sends it (comment, notification, post or user id; see relay.ts), `data` is given as is for
 * events about something that is gone (a deleted comment's id).
 */
export interface OutboxEvent {
  room: string;
  type: RoomEventType;
  ref?: string;
  data?: unknown;
}

/**
 * Records room events inside the write's own transaction (or statement), so they exist exactly when
 * the write does: a crash after the commit cannot lose them (ADR 0101). Inserting new rows locks
 * nothing another write waits for, and no room counter is touched here (ADR 0100). After commit,
 * call `deps.realtime.flush()`.
 */
export async function enqueueRoomEvents(ex: Executor, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await ex
    .insert(realtimeOutbox)
    .values(events.map(({ room, type, ref, data }) => ({ room, type, ref: ref ?? null, data: data ?? null })));
}

/** A user's unread count, as their room is told it when it moves. */
export const unreadCountEvent = (userId: string): OutboxEvent => ({
  room: `user/${userId}`,
  type: 'notifications.unread',
  ref: userId,
});

/** A notification, as its recipient's room is told of it. */
export const notificationEvent = (userId: string, notificationId: string): OutboxEvent => ({
  room: `user/${userId}`,
  type: 'notification.created',
  ref: notificationId,
});
