import { afterAll, beforeAll } from 'vitest';
import type { CreatedUser } from '#test/factories';
import type { TestDatabase } from '#test/postgres';
import { TestClient } from './client';
import { createTestDatabase, createUser, insertPost, type RealtimeTarget, requestTicket } from './hosts';

/** What a realtime suite sees; fields are set once its `beforeAll` has run. */
export type RealtimeSuite<T extends Record<string, RealtimeTarget>> = T & {
  database: TestDatabase;
  /** The author of the published post. */
  author: CreatedUser;
  postId: string;
  postSlug: string;
  /** Connects a client to `party/room` on `target`, with a ticket for `as` when given; kept for `closeClients`. */
  join(target: RealtimeTarget, party: 'post' | 'user', room: string, as?: CreatedUser): Promise<TestClient>;
  /** Closes the clients `join` opened so far. */
  closeClients(): Promise<void>;
};

/**
 * Before the enclosing suite's tests: a fresh database, the targets `start` runs over it, a user and a published
 * post of theirs. After them: the clients still open, the targets and the database are closed.
 */
export function openRealtimeSuite<T extends Record<string, RealtimeTarget>>(
  start: (database: TestDatabase) => Promise<T>,
): RealtimeSuite<T> {
  const clients: TestClient[] = [];
  const suite = {
    async join(target, party, room, as) {
      const ticket = as ? () => requestTicket(target.apiUrl, as, `${party}/${room}`) : undefined;
      const client = new TestClient(target.host, party, room, ticket ? { ticket } : {});
      clients.push(client);
      await client.connect();
      return client;
    },
    async closeClients() {
      await Promise.all(clients.splice(0).map((client) => client.socket.close()));
    },
  } as RealtimeSuite<T>;
  let targets: RealtimeTarget[] = [];
  beforeAll(async () => {
    suite.database = await createTestDatabase();
    const started = await start(suite.database);
    targets = Object.values(started);
    Object.assign(suite, started);
    suite.author = await createUser(suite.database.handle.db);
    const post = await insertPost(suite.database.handle.db, suite.author);
    suite.postId = post.id;
    suite.postSlug = post.slug;
  });
  afterAll(async () => {
    await suite.closeClients();
    for (const target of targets) await target.close();
    await suite.database?.drop();
  });
  return suite;
}
