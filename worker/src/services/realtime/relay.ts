import { inArray, sql } from 'drizzle-orm';
import { comments, notifications, posts, realtimeOutbox, users } from '#db/schema';
import type { Database, Transaction } from '#db/types';
import {
  type RoomEventType,
  type RoomName,
  roomEventTypes,
  roomNameSchema,
  type SequencedEvent,
  splitRoomName,
} from '#realtime/protocol';
import { selectComments, toCommentView } from '../comments/comment-view';
import { selectNotifications, toNotificationView } from '../notifications/notification-view';
import { selectPostsWithAuthor, toPostViews } from '../posts/post-view';
import { appendRoomEvents, type RoomEventToLog } from './event-log';

interface OutboxRow {
  id: number;
  room: string;
  type: string;
  ref: string | null;
  data: unknown;
}

export interface RelayedEvent {
  room: RoomName;
  event: SequencedEvent;
}

/** Outbox rows moved per transaction; the relay loops while there are more. */
export const relayBatchSize = 500;

// Any fixed key: every relay of every instance takes it, so only one moves events at a time.
const relayLockKey = 0x6570_7265_6c61;

type Lookup = Map<string, unknown>;

const refsOf = (rows: OutboxRow[], ...types: string[]) => [
  ...new Set(rows.filter((r) => types.includes(r.type) && r.ref).map((r) => r.ref as string)),
];

/** The current state of every row the claimed events refer to, a query per kind (none when unused). */
async function lookUp(tx: Transaction, rows: OutboxRow[], now: Date): Promise<Record<string, Lookup>> {
  const commentIds = refsOf(rows, 'comment.created', 'comment.updated');
  const notificationIds = refsOf(rows, 'notification.created');
  const unreadIds = refsOf(rows, 'notifications.unread');
  const likedIds = refsOf(rows, 'post.liked');
  const updatedIds = refsOf(rows, 'post.updated');
  const [commentRows, notificationRows, unreadRows, likedRows, postRows] = await Promise.all([
    commentIds.length ? selectComments(tx, inArray(comments.id, commentIds)) : [],
    notificationIds.length ? selectNotifications(tx, inArray(notifications.id, notificationIds)) : [],
    unreadIds.length
      ? tx.select({ id: users.id, count: users.unreadNotifications }).from(users).where(inArray(users.id, unreadIds))
      : [],
    likedIds.length
      ? tx.select({ id: posts.id, likesCount: posts.likesCount }).from(posts).where(inArray(posts.id, likedIds))
      : [],
    updatedIds.length ? selectPostsWithAuthor(tx).where(inArray(posts.id, updatedIds)) : [],
  ]);
  const postViews = await toPostViews(tx, postRows, undefined, now);
  return {
    'comment.created': new Map(commentRows.map((row) => [row.id, toCommentView(row)])),
    'notification.created': new Map(notificationRows.map((row) => [row.id, toNotificationView(row)])),
    'notifications.unread': new Map(unreadRows.map((row) => [row.id, { count: row.count }])),
    'post.liked': new Map(likedRows.map((row) => [row.id, { likesCount: row.likesCount }])),
    // A post that is no longer public says nothing to its public room.
    'post.updated': new Map(
      postViews.filter((view) => view.status === 'published').map(({ likedByMe: _none, ...view }) => [view.id, view]),
    ),
  };
}

/**
 * What each claimed event says now. An event whose row has gone since (a comment deleted straight
 * after it was made) is left out: its own deletion event follows it, and the log keeps no gap
 * because seqs are only given to what is logged. A row naming an invalid room or type is dropped.
 */
function resolve(rows: OutboxRow[], found: Record<string, Lookup>): RoomEventToLog[] {
  const events: RoomEventToLog[] = [];
  for (const row of rows) {
    const room = roomNameSchema.safeParse(row.room);
    if (!room.success) continue;
    const type = row.type as RoomEventType;
    if (!roomEventTypes[splitRoomName(room.data as RoomName).party].includes(type)) continue;
    const lookup = found[type === 'comment.updated' ? 'comment.created' : type];
    const data = row.ref === null ? row.data : lookup?.get(row.ref);
    if (data !== undefined && data !== null) events.push({ room: room.data as RoomName, type, data });
  }
  return events;
}

/**
 * Moves up to `relayBatchSize` committed outbox events into their rooms' logs, with seqs, in one
 * short transaction, and returns them for delivery with how many rows it took (ADR 0101). Relays take turns (an advisory lock),
 * so a later relay only sees what committed after an earlier one's events: within a room, seqs
 * follow the order the writes' events became visible. The room counters are locked here and only
 * here, for the length of this transaction, never for a write's (ADR 0100).
 */
export async function relayOutbox(db: Database, now: Date): Promise<{ claimed: number; relayed: RelayedEvent[] }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${relayLockKey})`);
    const claimed = await tx
      .delete(realtimeOutbox)
      .where(
        inArray(
          realtimeOutbox.id,
          tx.select({ id: realtimeOutbox.id }).from(realtimeOutbox).orderBy(realtimeOutbox.id).limit(relayBatchSize),
        ),
      )
      .returning({
        id: realtimeOutbox.id,
        room: realtimeOutbox.room,
        type: realtimeOutbox.type,
        ref: realtimeOutbox.ref,
        data: realtimeOutbox.data,
      });
    if (claimed.length === 0) return { claimed: 0, relayed: [] };
    claimed.sort((a, b) => a.id - b.id);
    const events = resolve(claimed, await lookUp(tx, claimed, now));
    const logged = await appendRoomEvents(tx, events);
    const relayed = events.map((e, i) => ({ room: e.room, event: logged[i] as SequencedEvent }));
    return { claimed: claimed.length, relayed };
  });
}
