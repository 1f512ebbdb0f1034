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
