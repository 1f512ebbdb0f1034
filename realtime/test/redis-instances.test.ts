import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedUser } from '../../test/support/factories';
import type { TestDatabase } from '../../test/support/postgres';
import { postgresAvailable, redisAvailable, redisUrl } from '../../test/support/services';
import { TestClient } from './client';
import {
  createTestDatabase,
  createUser,
  insertPost,
  type RealtimeTarget,
  requestTicket,
  startNodeTarget,
} from './hosts';

const available = (await postgresAvailable()) && (await redisAvailable());

// Two Node instances over one database and one Redis, as behind nginx: a reader's instance must not matter.
describe.skipIf(!available)('two Node instances joined by Redis', () => {
  let database: TestDatabase;
  let first: RealtimeTarget;
  let second: RealtimeTarget;
  let reader: CreatedUser;
  let postId: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const redis = { url: redisUrl, keyPrefix: `edgepress-test:${process.pid}:${Date.now()}:` };
    first = await startNodeTarget(database, { redis });
    second = await startNodeTarget(database, { redis });
    reader = await createUser(database.handle.db);
    postId = (await insertPost(database.handle.db, reader)).id;
  });
  afterAll(async () => {
    for (const client of clients) client.socket.close();
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  async function join(target: RealtimeTarget, as?: CreatedUser) {
    const ticket = as ? () => requestTicket(target.apiUrl, as, `post/${postId}`) : undefined;
    const client = new TestClient(target.host, 'post', postId, ticket ? { ticket } : {});
    clients.push(client);
    await client.connect();
    return client;
  }

  it('shows one presence count to readers on either instance', async () => {
    const a = await join(first);
    await a.until(() => a.presence() === 1);
    const b = await join(second);
    await b.until(() => b.presence() === 2);
    await a.until(() => a.presence() === 2);
    const c = await join(second);
    await a.until(() => a.presence() === 3);
    await c.disconnect();
    await a.until(() => a.presence() === 2);
    await b.until(() => b.presence() === 2);
  });

  it('gives every socket the same stream, one sequence, whichever instance published', async () => {
    const a = await join(first);
    const b = await join(second);
    const room = `post/${postId}`;
    // Both instances publish at once: the sequencer orders them, each instance's room fills any gap.
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        (n % 2 ? first : second).publisher.publish(room, { type: 'comment.created', data: { id: `c-${n}` } }),
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
    const watcher = await join(first);
    const typist = await join(second, reader);
    typist.send({ type: 'typing' });
    const typing = await watcher.waitFor((m) => m.type === 'typing');
    expect(typing.data).toEqual({ user: { id: reader.user.id, username: reader.user.username } });
  });
});
