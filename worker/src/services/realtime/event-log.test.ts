import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realtimeEvents, realtimeOutbox } from '#db/schema';
import { createTestDatabase, type TestDatabase } from '#test/postgres';
import { postgresAvailable } from '#test/services';
import { createJsonLogger } from '#worker/adapters/shared/json-logger';
import type { MetricName } from '#worker/ports';
import { appendRoomEvent, appendRoomEvents, roomEventsSince, trimRoomEvents } from './event-log';
import { enqueueRoomEvents } from './outbox';
import { createRealtimePublisher } from './publisher';

const available = await postgresAvailable();
const room = (n: number) => `post/00000000-0000-4000-8000-${String(n).padStart(12, '0')}` as const;

describe.skipIf(!available)('the realtime catch-up log on Postgres', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('gives concurrent appends to one room gapless, unique seqs', async () => {
    const db = database.handle.db;
    const logged = await Promise.all(
      Array.from({ length: 40 }, (_, n) => appendRoomEvent(db, room(1), 'comment.created', { id: `c${n}` })),
    );
    expect(logged.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
    const other = await appendRoomEvent(db, room(2), 'post.liked', { likesCount: 1 });
    expect(other.seq).toBe(1);
  });

  it('pages events after a seq, oldest first, with the bounds of the log', async () => {
    const page = await roomEventsSince(database.handle.db, room(1), 35, 3);
    expect(page.events.map((e) => e.seq)).toEqual([36, 37, 38]);
    expect(page).toMatchObject({ latestSeq: 40, oldestSeq: 1 });
    expect(await roomEventsSince(database.handle.db, room(9), 0, 10)).toEqual({
      events: [],
      latestSeq: 0,
      oldestSeq: 1,
    });
  });

  it("trims old events but keeps each room's latest, so its seq never starts over", async () => {
    const db = database.handle.db;
    await db.update(realtimeEvents).set({ createdAt: sql`now() - interval '2 days'` });
    const trimmed = await trimRoomEvents(db, new Date(Date.now() - 24 * 3600_000));
    expect(trimmed).toBe(39);
    const kept = await db
      .select()
      .from(realtimeEvents)
      .where(eq(realtimeEvents.room, room(1)));
    expect(kept.map((e) => e.seq)).toEqual([40]);
    expect((await appendRoomEvent(db, room(1), 'comment.created', { id: 'after' })).seq).toBe(41);
    expect(await roomEventsSince(db, room(1), 10, 10)).toMatchObject({ oldestSeq: 40, latestSeq: 41 });
  });

  it('relays without ever throwing: a failed delivery is retried, logged and counted', async () => {
    const counted: MetricName[] = [];
    const lines: string[] = [];
    const metrics = { observeRequest: () => {}, increment: (name: MetricName) => void counted.push(name) };
    let attempts = 0;
    const publisher = createRealtimePublisher(
      { db: database.handle.db, logger: createJsonLogger('warn', (line) => lines.push(line)), metrics },
      async () => {
        attempts += 1;
        throw new Error('room unreachable');
      },
      { attempts: 3, firstDelayMs: 1 },
    );
    await enqueueRoomEvents(database.handle.db, [{ room: room(3), type: 'post.liked', data: { likesCount: 2 } }]);
    await expect(publisher.relay()).resolves.toBeUndefined();
    expect(attempts).toBe(3);
    expect(counted).toEqual(['realtime_publish_failures']);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'warn', msg: 'realtime publish failed', seq: 1 });
    // Logged all the same: a reconnecting reader will get it through sync.
    expect((await roomEventsSince(database.handle.db, room(3), 0, 10)).events).toHaveLength(1);
  });

  it('relays what a write committed even when the process that wrote it never did, and nothing of a rollback', async () => {
    const db = database.handle.db;
    const liked = { room: room(4), type: 'post.liked' as const, data: { likesCount: 1 } };
    // The write commits its events with it; its process dies before any relay (no flush).
    await db.transaction((tx) => enqueueRoomEvents(tx, [liked, { ...liked, data: { likesCount: 2 } }]));
    await db
      .transaction(async (tx) => {
        await enqueueRoomEvents(tx, [{ ...liked, data: { likesCount: 99 } }]);
        throw new Error('the write failed');
      })
      .catch(() => {});
    const delivered: unknown[] = [];
    const restarted = createRealtimePublisher(
      { db, logger: createJsonLogger('error'), metrics: { observeRequest: () => {}, increment: () => {} } },
      async (_room, event) => void delivered.push([event.seq, event.data]),
    );
    await restarted.relay();
    expect(delivered).toEqual([
      [1, { likesCount: 1 }],
      [2, { likesCount: 2 }],
    ]);
    expect((await roomEventsSince(db, room(4), 0, 10)).events.map((e) => e.data)).toEqual([
      { likesCount: 1 },
      { likesCount: 2 },
    ]);
    await restarted.relay();
    expect(delivered).toHaveLength(2);
  });

  it('drops an outbox row naming no valid room instead of failing the others', async () => {
    const db = database.handle.db;
    await enqueueRoomEvents(db, [
      { room: 'nowhere/1', type: 'post.liked', data: { likesCount: 1 } },
      { room: room(5), type: 'post.liked', data: { likesCount: 1 } },
    ]);
    const delivered: string[] = [];
    const publisher = createRealtimePublisher(
      { db, logger: createJsonLogger('error'), metrics: { observeRequest: () => {}, increment: () => {} } },
      async (target) => void delivered.push(target),
    );
    await publisher.relay();
    expect(delivered).toEqual([room(5)]);
    expect(await db.select().from(realtimeOutbox)).toEqual([]);
  });

  it('logs the events of one write across rooms in one statement, in order, without deadlocks between writes', async () => {
    const db = database.handle.db;
    const [a, b] = [room(20), room(21)];
    const first = await appendRoomEvents(db, [
      { room: b, type: 'comment.created', data: { n: 1 } },
      { room: a, type: 'comment.created', data: { n: 2 } },
      { room: b, type: 'comment.updated', data: { n: 3 } },
    ]);
    expect(first.map((e) => [e.seq, e.type])).toEqual([
      [1, 'comment.created'],
      [1, 'comment.created'],
      [2, 'comment.updated'],
    ]);
    // Writes touching the same two rooms in opposite orders, all at once.
    const batches = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        appendRoomEvents(
          db,
          n % 2
            ? [
                { room: a, type: 'post.liked', data: { n } },
                { room: b, type: 'post.liked', data: { n } },
              ]
            : [
                { room: b, type: 'post.liked', data: { n } },
                { room: a, type: 'post.liked', data: { n } },
              ],
        ),
      ),
    );
    expect(batches.flat()).toHaveLength(60);
    for (const target of [a, b]) {
      const { events, latestSeq } = await roomEventsSince(db, target, 0, 100);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: latestSeq }, (_, n) => n + 1));
    }
    expect((await roomEventsSince(db, b, 0, 100)).latestSeq).toBe(32);
  });
});
