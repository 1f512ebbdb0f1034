import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export interface MediaVariantRow {
  key: string;
  width: number;
  height: number;
  type: 'image/webp';
  size: number;
}

export const media = pgTable(
  'media',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Content-hash key: the same bytes uploaded twice are stored once.
    key: text('key').notNull(),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    // Upright WebP copies at standard widths (ADR 0082); pages use these, the original is for download.
    variants: jsonb('variants').$type<MediaVariantRow[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('media_key_key').on(t.key), index('media_owner_idx').on(t.ownerId)],
);
