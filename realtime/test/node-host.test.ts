import { connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { postgresAvailable } from '#test/services';
import { appendRoomEvent, roomEventsSince } from '#worker/services/realtime/event-log';
import { subscribeToRoom } from '../src/client';
import type { ServerMessage } from '../src/protocol';
import { TestClient } from './client';
import { createUser, publishThrough, requestTicket, startNodeTarget } from './hosts';
import { openRealtimeSuite } from './realtime-suite';

const available = await postgresAvailable();

describe.skipIf(!available)('the Node host', () => {
  const s = openRealtimeSuite(async (database) => ({
    target: await startNodeTarget(database, { maxBufferedBytes: 64 * 1024 }),
  }));

  it('survives readers that reset their connection in the middle of the WebSocket handshake', async () => {
    const [hostname, port] = s.target.host.split(':');
    const handshake = [
      `GET /parties/post/${s.postId} HTTP/1.1`,
      `Host: ${s.target.host}`,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      '',
      '',
    ].join('\r\n');
    for (let i = 0; i < 20; i++) {
      const socket = connect(Number(port), hostname);
      socket.on('error', () => {});
      await new Promise((resolve) => socket.once('connect', resolve));
      // At every point of the handshake: before, while and after the room admits it.
      socket.write(handshake, () => setTimeout(() => socket.resetAndDestroy(), i % 10));
      await new Promise((resolve) => socket.once('close', resolve));
    }
    const client = new TestClient(s.target.host, 'post', s.postId);
    await client.connect();
    expect((await fetch(`${s.target.apiUrl}/api/health`)).status).toBe(200);
    await client.disconnect();
  });

  it('puts raced publishes back in order and drops duplicates', async () => {
    const client = new TestClient(s.target.host, 'post', s.postId);
    await client.connect();
    const room = `post/${s.postId}` as const;
    const first = await appendRoomEvent(s.target.db, room, 'comment.created', { id: 'first' });
    const second = await appendRoomEvent(s.target.db, room, 'comment.created', { id: 'second' });
    // The second publish overtakes the first, which then arrives twice.
    await s.target.realtime.publish(room, second);
    await s.target.realtime.publish(room, first);
    await s.target.realtime.publish(room, first);
    await publishThrough(s.target, room, { type: 'comment.created', data: { id: 'third' } });
    await client.waitFor((m) => m.type === 'comment.created' && m.data.id === 'third');
    const events = client.messages.filter((m) => m.seq !== undefined);
    expect(events.map((m) => [m.seq, (m.data as { id: string }).id])).toEqual([
      [first.seq, 'first'],
      [second.seq, 'second'],
      [second.seq + 1, 'third'],
    ]);
    client.socket.close();
  });

  it('serves the browser client: a ticketed subscription receives its events once, in order', async () => {
    const owner = await createUser(s.database.handle.db);
    const received: ServerMessage[] = [];
    const subscription = subscribeToRoom({
      host: s.target.host,
      party: 'user',
      room: owner.user.id,
      ticket: () => requestTicket(s.target.apiUrl, owner, `user/${owner.user.id}`),
      onMessage: (message) => received.push(message),
      WebSocket,
    });
    await vi.waitFor(() => expect(received.some((m) => m.type === 'pong')).toBe(true));
    for (const count of [1, 2, 3]) {
      await publishThrough(s.target, `user/${owner.user.id}`, { type: 'notifications.unread', data: { count } });
    }
    await vi.waitFor(() => expect(received.filter((m) => m.seq !== undefined)).toHaveLength(3));
    expect(received.filter((m) => m.seq !== undefined).map((m) => m.data)).toEqual([
      { count: 1 },
      { count: 2 },
      { count: 3 },
    ]);
    subscription.close();
  });

  it('answers reset when the gap is older than the log keeps', async () => {
    const client = new TestClient(s.target.host, 'post', s.postId);
    client.lastSeq = 10_000;
    await client.connect();
    const done = await client.waitFor((m) => m.type === 'sync.done');
    expect(done.data).toMatchObject({ reset: true });
    client.socket.close();
  });

  it('drops a reader that stops reading instead of buffering for it', async () => {
    const slow = new WebSocket(`ws://${s.target.host}/parties/post/${s.postId}`);
    await new Promise((resolve) => slow.once('open', resolve));
    slow.send(JSON.stringify({ v: 1, type: 'ping' }));
    const closed = new Promise<number>((resolve) => slow.once('close', (code) => resolve(code)));
    // Stop reading: the kernel buffers fill, then the server's send buffer grows past its limit.
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = { id: 'big', body: 'x'.repeat(64 * 1024) };
    const { latestSeq } = await roomEventsSince(s.target.db, `post/${s.postId}`, 0, 0);
    // Straight to the room (no log): only the fan-out is under test here.
    for (let n = 1; n <= 400 && slow.readyState === WebSocket.OPEN; n++) {
      await s.target.realtime.publish(`post/${s.postId}`, { seq: latestSeq + n, type: 'comment.updated', data: big });
      await new Promise((resolve) => setImmediate(resolve));
    }
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toBe(1006);
  });
});
