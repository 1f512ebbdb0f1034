import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { posts, realtimeOutbox } from '#db/schema';
import { type CreatedUser, createUser } from '#test/factories';
import { eventually } from '#test/private-redis';
import type { StartedProcess } from '#test/processes';
import { freePort } from '#test/processes';
import { postgresAvailable } from '#test/services';
import { type Edge, edgeRedisAvailable, startEdge, startEdgeServices } from '#test/workerd-edge';
import { enqueueRoomEvents } from '#worker/services/realtime/outbox';
import { TestClient } from './client';
import { createTestDatabase, insertPost, requestTicket, startPartykitDev } from './hosts';

const available = (await postgresAvailable()) && edgeRedisAvailable();

interface CommentBody {
  comment: { id: string; body: string; postId: string };
}

/**
 * The edge as deployed: the Worker in workerd (through the neon WebSocket proxy, Upstash REST)
 * publishing to real `partykit dev`, whose rooms read their logs back from that Worker.
 */
describe.skipIf(!available)('rooms fed by the Worker in workerd, on partykit dev', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let edge: Edge;
  let partykit: StartedProcess;
  let roomsHost: string;
  let services: Awaited<ReturnType<typeof startEdgeServices>>;
  let author: CreatedUser;
  let reader: CreatedUser;
  let postId: string;
  let slug: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    services = await startEdgeServices(database.url);
    const roomsPort = await freePort();
    roomsHost = `127.0.0.1:${roomsPort}`;
    edge = await startEdge({
      bindings: { ...services.bindings, REALTIME_URL: `http://${roomsHost}` },
    });
    partykit = await startPartykitDev(roomsPort, edge.url);
    author = await createUser(database.handle.db);
    reader = await createUser(database.handle.db);
    ({ id: postId, slug } = await insertPost(database.handle.db, author));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.socket.close()));
    await partykit?.stop();
    await edge?.close();
    await services?.close();
    await database?.drop();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.socket.close()));
  });

  const join = async (party: 'post' | 'user', room: string, as?: CreatedUser) => {
    const ticket = as ? () => requestTicket(edge.url, as, `${party}/${room}`) : undefined;
    const client = new TestClient(roomsHost, party, room, ticket ? { ticket } : {});
    clients.push(client);
    await client.connect();
    return client;
  };
  const write = (method: string, path: string, as: CreatedUser, body?: unknown) =>
    edge.fetch(path, {
      method,
      headers: { ...as.headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const comment = async (body: string) => {
    const res = await write('POST', `/api/posts/${slug}/comments`, reader, { body });
    expect(res.status).toBe(201);
    return (await res.json()) as CommentBody;
  };
  const sequenced = (client: TestClient) => client.messages.filter((m) => m.seq !== undefined);

  it('delivers a comment and a like written to the Worker to the post room, as the REST answer, in seq order', async () => {
    const client = await join('post', postId);
    const { comment: written } = await comment('Live from the edge');
    const created = await client.waitFor((m) => m.type === 'comment.created');
    expect(created).toMatchObject({ v: 1, type: 'comment.created', data: written });
    expect(typeof created.seq).toBe('number');
    expect((await write('POST', `/api/posts/${slug}/like`, reader)).status).toBe(200);
    const liked = await client.waitFor((m) => m.type === 'post.liked');
    expect(liked.data).toEqual({ likesCount: 1 });
    expect(sequenced(client).map((m) => [m.type, m.seq])).toEqual([
      ['comment.created', created.seq],
      ['post.liked', (created.seq as number) + 1],
    ]);
  });

  it("tells the author's user room of a follow and a comment, with the unread count", async () => {
    const owner = await join('user', author.user.id, author);
    expect((await write('POST', `/api/users/${author.user.username}/follow`, reader)).status).toBe(200);
    const followed = await owner.waitFor((m) => m.type === 'notification.created');
    expect(followed.data).toMatchObject({ type: 'follow', read: false });
    await comment('Another one');
    await owner.until(() => owner.messages.filter((m) => m.type === 'notification.created').length === 2);
    const inbox = await write('GET', '/api/notifications', author);
    const rest = ((await inbox.json()) as { items: { id: string }[] }).items;
    const live = owner.messages.filter((m) => m.type === 'notification.created').map((m) => m.data);
    // The room carries the REST notifications; the inbox lists newest first.
    expect(live).toEqual(rest.slice(0, 2).reverse());
    const unread = await write('GET', '/api/notifications/unread-count', author);
    const { count } = (await unread.json()) as { count: number };
    const lastUnread = () => owner.messages.filter((m) => m.type === 'notifications.unread').at(-1);
    await owner.until(() => lastUnread()?.data.count === count);
    const seqs = sequenced(owner).map((m) => m.seq as number);
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
  });

  it('replays what a reader missed while away, read back from the Worker, then sync.done', async () => {
    const client = await join('post', postId);
    await comment('before');
    await client.waitFor((m) => m.type === 'comment.created' && m.data.body === 'before');
    const seen = client.lastSeq as number;
    await client.disconnect();
    const missed = [];
    for (const n of [1, 2, 3]) missed.push((await comment(`missed ${n}`)).comment.id);
    // The Worker relays after answering (waitUntil): wait until the room logs hold all three, so sync owes them.
    await eventually(async () => (await database.handle.db.select().from(realtimeOutbox)).length === 0);
    const from = client.messages.length;
    await client.connect();
    await client.waitFor((m) => m.type === 'sync.done', from);
    const replay = client.messages.slice(from).filter((m) => m.seq !== undefined || m.type === 'sync.done');
    expect(replay.map((m) => [m.type, m.seq, m.type === 'comment.created' ? m.data.id : undefined])).toEqual([
      ['comment.created', seen + 1, missed[0]],
      ['comment.created', seen + 2, missed[1]],
      ['comment.created', seen + 3, missed[2]],
      ['sync.done', undefined, undefined],
    ]);
  });

  it('relays on the cron trigger what an invocation left in the outbox', async () => {
    const client = await join('post', postId);
    // As a write whose invocation ended before its relay: committed, never delivered.
    await enqueueRoomEvents(database.handle.db, [
      { room: `post/${postId}`, type: 'post.liked', data: { likesCount: 7 } },
    ]);
    await edge.scheduled();
    expect((await client.waitFor((m) => m.type === 'post.liked')).data).toEqual({ likesCount: 7 });
  });

  it('on the cron trigger, publishes a due post: the cached list retired at once, its room and followers told', async () => {
    // The reader follows the author (earlier test), so the publish notifies them.
    const follower = await join('user', reader.user.id, reader);
    const due = await insertPost(database.handle.db, author, 'draft');
    const schedule = (publishedAt: Date) =>
      database.handle.db
        .update(posts)
        .set({ status: 'scheduled', publishedAt })
        .where(and(eq(posts.id, due.id), eq(posts.authorId, author.user.id)));
    await schedule(new Date(Date.now() + 3_600_000));
    const listed = async () => {
      const res = await edge.fetch('/api/posts');
      const items = ((await res.json()) as { items: { id: string }[] }).items;
      return { listed: items.some((p) => p.id === due.id), cache: res.headers.get('x-edge-cache') };
    };
    await listed();
    expect(await listed()).toEqual({ listed: false, cache: 'HIT' });
    const room = await join('post', due.id, author);
    // Its time comes, written as the passing hour would leave it: nothing announced yet.
    await schedule(new Date(Date.now() - 1000));
    expect(await listed()).toEqual({ listed: false, cache: 'HIT' });

    await edge.scheduled();

    expect(await listed()).toEqual({ listed: true, cache: 'MISS' });
    const [stored] = await database.handle.db.select().from(posts).where(eq(posts.id, due.id));
    expect(stored?.status).toBe('published');
    const updated = await room.waitFor((m) => m.type === 'post.updated');
    expect(updated.data).toMatchObject({ id: due.id, status: 'published' });
    const told = await follower.waitFor((m) => m.type === 'notification.created');
    expect(told.data).toMatchObject({ type: 'publish' });
  });
});
