import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase } from '../test/support/postgres';
import { appendRoomEvent } from '../worker/src/services/realtime/event-log';
import type { DbHandle } from './client';
import { notifications, realtimeEvents, realtimeRooms, users } from './schema';

const room = 'post/00000000-0000-4000-8000-000000000077' as const;

/** The statements of a migration after its `skip` first ones, as the migrator splits them. */
function migrationTail(file: string, skip: number): string[] {
  const text = readFileSync(new URL(`./migrations/${file}`, import.meta.url), 'utf8');
  return text.split('--> statement-breakpoint').slice(skip);
}

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
    for (const statement of migrationTail('0001_realtime_room_counters.sql', 1)) await db.execute(sql.raw(statement));
    expect(await db.select().from(realtimeRooms)).toEqual([{ room, lastSeq: 42 }]);
    expect((await appendRoomEvent(db, room, 'comment.created', {})).seq).toBe(43);
  });
});

describe('migration 0002 (unread notification counts)', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createPgliteDatabase();
  });
  afterAll(() => handle.close());

  it('counts the unread notifications each user already had', async () => {
    const { db } = handle;
    const [reader, actor] = await db
      .insert(users)
      .values(['reader', 'actor'].map((name) => ({ email: `${name}@example.com`, username: name, passwordHash: 'x' })))
      .returning({ id: users.id });
    if (!reader || !actor) throw new Error('no users');
    await db.insert(notifications).values([
      { userId: reader.id, actorId: actor.id, type: 'follow' },
      { userId: reader.id, actorId: actor.id, type: 'follow' },
      { userId: reader.id, actorId: actor.id, type: 'follow', readAt: new Date() },
    ]);
    // As before the migration: the rows, and no count yet.
    await db.update(users).set({ unreadNotifications: 0 });
    // In one transaction, as the migrator runs them.
    await db.transaction(async (tx) => {
      for (const statement of migrationTail('0002_unread_notification_counts.sql', 5))
        await tx.execute(sql.raw(statement));
    });
    const counts = await db.select({ id: users.id, n: users.unreadNotifications }).from(users);
    expect(new Map(counts.map((row) => [row.id, row.n]))).toEqual(
      new Map([
        [reader.id, 2],
        [actor.id, 0],
      ]),
    );
  });
});
