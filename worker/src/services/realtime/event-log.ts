import { and, asc, eq, gt, lt, max, min, type SQL, sql } from 'drizzle-orm';
import { prepareRaw } from '#db/prepared-raw';
import { realtimeEvents, realtimeRooms } from '#db/schema';
import { type Database, type Executor, isTransaction } from '#db/types';
import type { RoomEventType, RoomName, SequencedEvent } from '#realtime/protocol';
import type { EventPage } from '#realtime/rooms/host';
import { oncePer } from '#worker/once-per';

/** Raw statements answer `{ rows }` on every driver (pg, neon-ws, PGlite); the generic type does not say so. */
function resultRows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export interface RoomEventToLog {
  room: RoomName;
  type: RoomEventType;
  data: unknown;
}

/** One statement for any number of events, which arrive as one JSON array. */
const appendSql = (events: SQL) => sql`
    with input as (
      select t.ord, t.e->>'room' as room, t.e->>'type' as type, t.e->'data' as data
      from jsonb_array_elements(${events}::jsonb) with ordinality as t(e, ord)
    ),
    counts as (select room, count(*) as n from input group by room),
    bumped as (
      insert into ${realtimeRooms} (room, last_seq)
      select room, n from counts order by room
      on conflict (room) do update set last_seq = ${realtimeRooms}.last_seq + excluded.last_seq
      returning room, last_seq
    )
    insert into ${realtimeEvents} (room, seq, type, data)
    select i.room, b.last_seq - c.n + row_number() over (partition by i.room order by i.ord), i.type, i.data
    from input i join bumped b using (room) join counts c using (room)
    returning room, seq`;

// Outside a transaction the statement is prepared once per connection.
const appendStatement = oncePer((db: Database) =>
  prepareRaw(db, 'room_events_append', appendSql(sql`${sql.placeholder('events')}`)),
);

/**
 * Appends events to their rooms' catch-up logs, in one statement, each with its room's next seq
 * (in the order given within a room). Bumping a room's counter locks its row until commit, so
 * concurrent appends to one room take turns: seqs are gapless and commit in seq order, and when a
 * room sees seq n+1, seq n is already readable. Counters are bumped in room order, so two appends
 * touching the same rooms cannot deadlock. Only the outbox relay calls it inside a transaction, never
 * a write (ADR 0100).
 * Returns the logged events in the order given.
 */
export async function appendRoomEvents(ex: Executor, events: RoomEventToLog[]): Promise<SequencedEvent[]> {
  if (events.length === 0) return [];
  const json = JSON.stringify(events);
  const result = isTransaction(ex)
    ? await ex.execute(appendSql(sql`${json}`))
    : await appendStatement(ex).execute({ events: json });
  // Within a room, seqs follow the input order; hand them out to the events in that order.
  const seqsByRoom = new Map<string, number[]>();
  for (const row of resultRows<{ room: string; seq: string | number }>(result)) {
    const seqs = seqsByRoom.get(row.room) ?? [];
    seqs.push(Number(row.seq));
    seqsByRoom.set(row.room, seqs);
  }
  for (const seqs of seqsByRoom.values()) seqs.sort((a, b) => a - b);
  return events.map(({ room, type, data }) => {
    const seq = seqsByRoom.get(room)?.shift();
    if (seq === undefined) throw new Error('realtime event was not logged');
    return { seq, type, data };
  });
}

/** One event; see appendRoomEvents. */
export async function appendRoomEvent(
  db: Database,
  room: RoomName,
  type: RoomEventType,
  data: unknown,
): Promise<SequencedEvent> {
  const [logged] = await appendRoomEvents(db, [{ room, type, data }]);
  if (!logged) throw new Error('realtime event was not logged');
  return logged;
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
