import { and, asc, eq, gt, lt, max, min, sql } from 'drizzle-orm';
import { realtimeEvents } from '../../../../db/schema';
import type { Database } from '../../../../db/types';
import type { RoomEventType, RoomName, SequencedEvent } from '../../../../realtime/src/protocol';
import type { EventPage } from '../../../../realtime/src/rooms/host';

// Arbitrary first key of the two-key advisory lock, so the realtime sequencer's locks cannot collide
// with any other advisory lock the app might take.
const sequencerLockSpace = 7301;

/**
 * Appends an event to the room's catch-up log with the room's next seq. The advisory lock makes
 * concurrent appends to one room take turns, so seqs are gapless and commit in seq order: when a
 * room sees seq n+1, seq n is already readable. Call it after the write that caused the event commits.
 */
export async function appendRoomEvent(
  db: Database,
  room: RoomName,
  type: RoomEventType,
  data: unknown,
): Promise<SequencedEvent> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${sequencerLockSpace}, hashtext(${room}))`);
    const nextSeq = sql<number>`(select coalesce(max(${realtimeEvents.seq}), 0) + 1 from ${realtimeEvents} where ${realtimeEvents.room} = ${room})`;
    const [row] = await tx
      .insert(realtimeEvents)
      .values({ room, seq: nextSeq as unknown as number, type, data })
      .returning({ seq: realtimeEvents.seq });
    if (!row) throw new Error('realtime event was not logged');
    return { seq: Number(row.seq), type, data };
  });
}

/** The events of `room` after `since`, oldest first, at most `limit`, with the bounds of what the log holds. */
export async function roomEventsSince(db: Database, room: RoomName, since: number, limit: number): Promise<EventPage> {
  const [bounds] = await db
    .select({ latest: max(realtimeEvents.seq), oldest: min(realtimeEvents.seq) })
    .from(realtimeEvents)
    .where(eq(realtimeEvents.room, room));
  const latestSeq = Number(bounds?.latest ?? 0);
  const oldestSeq = bounds?.oldest == null ? latestSeq + 1 : Number(bounds.oldest);
  if (limit <= 0 || since >= latestSeq) return { events: [], latestSeq, oldestSeq };
  const rows = await db
    .select({ seq: realtimeEvents.seq, type: realtimeEvents.type, data: realtimeEvents.data })
    .from(realtimeEvents)
    .where(and(eq(realtimeEvents.room, room), gt(realtimeEvents.seq, since)))
    .orderBy(asc(realtimeEvents.seq))
    .limit(limit);
  const events = rows.map((row) => ({ seq: Number(row.seq), type: row.type as RoomEventType, data: row.data }));
  return { events, latestSeq, oldestSeq };
}

/**
 * Deletes events older than `cutoff`, except each room's latest, which must stay so the room's seq
 * never starts over (a client holding an old seq would otherwise miss the new events). Returns how many went.
 */
export async function trimRoomEvents(db: Database, cutoff: Date): Promise<number> {
  const latest = db
    .select({ seq: max(realtimeEvents.seq) })
    .from(sql`${realtimeEvents} as newest`)
    .where(sql`newest.room = ${realtimeEvents.room}`);
  const deleted = await db
    .delete(realtimeEvents)
    .where(and(lt(realtimeEvents.createdAt, cutoff), lt(realtimeEvents.seq, sql`(${latest})`)))
    .returning({ seq: realtimeEvents.seq });
  return deleted.length;
}

/** How long a room's events stay replayable: catch-up is for dropped connections, not for last week. */
export const realtimeLogRetentionMs = 24 * 60 * 60 * 1000;
