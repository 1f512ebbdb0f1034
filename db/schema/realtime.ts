import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** The catch-up log of each room: a reconnecting client asks for everything after the last seq it saw. */
export const realtimeEvents = pgTable(
  'realtime_events',
  {
    room: text('room').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.room, t.seq] }), index('realtime_events_created_idx').on(t.createdAt)],
);

/**
 * Each room's last seq. Appending bumps it with an upsert whose row lock lasts until commit, so
 * appends to one room take turns and commit in seq order, in a single statement.
 */
export const realtimeRooms = pgTable('realtime_rooms', {
  room: text('room').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
});

/**
 * Room events of committed writes, not yet in a room's log. A write inserts its events here in its
 * own transaction (so they exist exactly when the write does, across any crash); the relay moves them
 * into `realtime_events` with their seqs and delivers them (ADR 0101). `ref` names the row whose
 * current state the event carries (a comment, notification, post or user id); `data` is the payload
 * of events that carry no row (a deleted comment's id).
 */
export const realtimeOutbox = pgTable('realtime_outbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  room: text('room').notNull(),
  type: text('type').notNull(),
  ref: text('ref'),
  data: jsonb('data'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
