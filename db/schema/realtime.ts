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
