import { describe, expect, it } from 'vitest';
import type { CreatedUser } from '../../test/support/factories';
import { postgresAvailable, redisAvailable, redisUrl } from '../../test/support/services';
import { createJsonLogger } from '../../worker/src/adapters/shared/json-logger';
import type { TestClient } from './client';
import { publishThrough, type RealtimeTarget, startNodeTarget } from './hosts';
import { openRealtimeSuite } from './realtime-suite';

const available = (await postgresAvailable()) && (await redisAvailable());

// Two Node instances over one database and one Redis, as behind nginx: a reader's instance must not matter.
describe.skipIf(!available)('two Node instances joined by Redis', () => {
  const s = openRealtimeSuite(async (database) => {
    const redis = { url: redisUrl, keyPrefix: `edgepress-test:${process.pid}:${Date.now()}:` };
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
