import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { CreatedUser } from '#test/factories';
import { postgresAvailable, redisAvailable, redisUrl } from '#test/services';
import { createJsonLogger } from '#worker/adapters/shared/json-logger';
import type { TestClient } from './client';
import { publishThrough, type RealtimeTarget, startNodeTarget } from './hosts';
import { openRealtimeSuite } from './realtime-suite';

const available = (await postgresAvailable()) && (await redisAvailable());

// Two Node instances over one database and one Redis, as behind nginx: a reader's instance must not matter.
describe.skipIf(!available)('two Node instances joined by Redis', () => {
  const redis = { url: redisUrl, keyPrefix: `edgepress-test:${process.pid}:${Date.now()}:` };
  const s = openRealtimeSuite(async (database) => {
    // Warnings shown: when Redis misbehaves, a failing run says how, not only that nothing arrived.
    const logger = createJsonLogger('warn');
    return {
      first: await startNodeTarget(database, { redis, logger }),
      second: await startNodeTarget(database, { redis, logger }),
    };
  });
  const join = (target: RealtimeTarget, as?: CreatedUser) => s.join(target, 'post', s.postId, as);

  it('shows one presence count to readers on either instance', async () => {
    const a = await join(s.first);
    await a.until(() => a.presence() === 1);
    const b = await join(s.second);
    await b.until(() => b.presence() === 2);
    await a.until(() => a.presence() === 2);
    const c = await join(s.second);
    await a.until(() => a.presence() === 3);
    await c.disconnect();
    await a.until(() => a.presence() === 2);
    await b.until(() => b.presence() === 2);
  });

  it('gives every socket the same stream, one sequence, whichever instance published', async () => {
    const a = await join(s.first);
    const b = await join(s.second);
    const room = `post/${s.postId}`;
    // Both instances publish at once: the sequencer orders them, each instance's room fills any gap.
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        publishThrough(n % 2 ? s.first : s.second, room, { type: 'comment.created', data: { id: `c-${n}` } }),
      ),
    );
    const eventsOf = (client: TestClient) => client.messages.filter((m) => m.seq !== undefined);
    await a.until(() => eventsOf(a).length === 10);
    await b.until(() => eventsOf(b).length === 10);
    const seqs = eventsOf(a).map((m) => m.seq as number);
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, n) => (seqs[0] as number) + n));
    expect(eventsOf(b)).toEqual(eventsOf(a));
    expect(new Set(eventsOf(a).map((m) => (m.data as { id: string }).id)).size).toBe(10);
  });

  it('relays typing to readers on the other instance', async () => {
    const watcher = await join(s.first);
    const typist = await join(s.second, s.author);
    typist.send({ type: 'typing' });
    const typing = await watcher.waitFor((m) => m.type === 'typing');
    expect(typing.data).toEqual({ user: { id: s.author.user.id, username: s.author.user.username } });
  });
});

// Its own instances and key space: a dead instance planted here must not leak into other rooms' tests.
describe.skipIf(!available)('presence when an instance dies (Redis)', () => {
  const redis = { url: redisUrl, keyPrefix: `edgepress-test:${process.pid}:${Date.now()}:dead:` };
  const s = openRealtimeSuite(async (database) => {
    const logger = createJsonLogger('warn');
    // A quick recount, so a dead instance's readers are seen to go within the test's patience.
    const presenceRefreshMs = 200;
    return {
      first: await startNodeTarget(database, { redis, logger, presenceRefreshMs }),
      second: await startNodeTarget(database, { redis, logger, presenceRefreshMs }),
    };
  });
  const join = (target: RealtimeTarget, as?: CreatedUser) => s.join(target, 'post', s.postId, as);

  it('stops counting the readers of an instance that died without a word, once its heartbeat expires', async () => {
    const a = await join(s.first);
    await a.until(() => a.presence() === 1);
    // A third instance that counted 4 readers and was then killed. Its heartbeat runs out only once b
    // has counted it: a fixed lifetime could end before a loaded machine has b joined.
    const bus = new Redis(redis.url);
    const heartbeat = `${redis.keyPrefix}instance:dead`;
    try {
      await bus.set(heartbeat, '1', 'PX', 60_000);
      await bus.hset(`${redis.keyPrefix}presence:post/${s.postId}`, 'dead', '4');
      const b = await join(s.second);
      // Readers of earlier tests may still be leaving: compare with what b first sees.
      await b.until(() => (b.presence() ?? 0) >= 6);
      const withDead = b.presence() ?? 0;
      await bus.pexpire(heartbeat, 1);
      await a.until(() => a.presence() === withDead - 4, 5000);
      await b.until(() => b.presence() === withDead - 4, 5000);
    } finally {
      bus.disconnect();
    }
  });
});
