import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase } from '../test/support/postgres';
import { appendRoomEvent } from '../worker/src/services/realtime/event-log';
import type { DbHandle } from './client';
import { realtimeEvents, realtimeRooms } from './schema';

const room = 'post/00000000-0000-4000-8000-000000000077' as const;

describe('migration 0001 (realtime room counters)', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createPgliteDatabase();
  });
  afterAll(() => handle.close());

  it('carries each room logged before it on from its latest seq', async () => {
    const { db } = handle;
    // A log written before the migration: events, and no counters yet.
    await db.insert(realtimeEvents).values([
      { room, seq: 41, type: 'comment.created', data: {} },
      { room, seq: 42, type: 'comment.created', data: {} },
    ]);
    await db.delete(realtimeRooms);
    const migration = readFileSync(new URL('./migrations/0001_realtime_room_counters.sql', import.meta.url), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').at(-1) ?? '';
    await db.execute(sql.raw(backfill));
    expect(await db.select().from(realtimeRooms)).toEqual([{ room, lastSeq: 42 }]);
    expect((await appendRoomEvent(db, room, 'comment.created', {})).seq).toBe(43);
  });
});
