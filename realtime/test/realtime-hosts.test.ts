import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedUser } from '#test/factories';
import { postgresAvailable } from '#test/services';
import { signServerToken, signTicket } from '../src/tokens';
import { tryConnect } from './client';
import {
  createUser,
  insertPost,
  publishThrough,
  requestTicket,
  secret,
  startNodeTarget,
  startPartykitTarget,
} from './hosts';
import { openRealtimeSuite } from './realtime-suite';

const available = await postgresAvailable();

// One partysocket suite, run against both hosts of the same room classes.
describe.skipIf(!available).each([
  { name: 'the Node host', start: startNodeTarget },
  { name: 'partykit dev', start: startPartykitTarget },
])('realtime rooms on $name', ({ start }) => {
  const s = openRealtimeSuite(async (database) => ({ target: await start(database) }));
  let reader: CreatedUser;
  let draftId: string;

  beforeAll(async () => {
    reader = await createUser(s.database.handle.db);
    draftId = (await insertPost(s.database.handle.db, s.author, 'draft')).id;
  });
  afterEach(() => s.closeClients());

  const join = (party: 'post' | 'user', room: string, as?: CreatedUser) => s.join(s.target, party, room, as);

  const roomUrl = (party: string, room: string, ticket?: string) =>
    `ws://${s.target.host}/parties/${party}/${room}${ticket ? `?ticket=${ticket}` : ''}`;
  const comment = (id: string) => ({ type: 'comment.created', data: { id, postId: s.postId, body: `comment ${id}` } });

  it('lets anyone read a published post and counts readers as they come and go', async () => {
    const anonymous = await join('post', s.postId);
    await anonymous.until(() => anonymous.presence() === 1);
    const signedIn = await join('post', s.postId, reader);
    await anonymous.until(() => anonymous.presence() === 2);
    await signedIn.until(() => signedIn.presence() === 2);
    await signedIn.disconnect();
    await anonymous.until(() => anonymous.presence() === 1);
  });

  it('delivers published events after the publish, in order, with consecutive seqs', async () => {
    const client = await join('post', s.postId);
    await publishThrough(s.target, `post/${s.postId}`, comment('live-1'));
    await publishThrough(s.target, `post/${s.postId}`, { type: 'post.liked', data: { likesCount: 3 } });
    await client.until(() => client.messages.filter((m) => m.seq !== undefined).length === 2);
    const events = client.messages.filter((m) => m.seq !== undefined);
    expect(events.map((m) => m.type)).toEqual(['comment.created', 'post.liked']);
    expect(events[1]?.seq).toBe((events[0]?.seq ?? 0) + 1);
  });

  it('delivers a comment and a like made through the API to the post room', async () => {
    const client = await join('post', s.postId);
    const commented = await fetch(`${s.target.apiUrl}/api/posts/${s.postSlug}/comments`, {
      method: 'POST',
      headers: { ...reader.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Live from the API' }),
    });
    expect(commented.status).toBe(201);
    const created = await client.waitFor((m) => m.type === 'comment.created');
    expect(created.data).toMatchObject({ body: 'Live from the API', postId: s.postId });
    const liked = await fetch(`${s.target.apiUrl}/api/posts/${s.postSlug}/like`, {
      method: 'POST',
      headers: reader.headers,
    });
    expect(liked.status).toBe(200);
    expect((await client.waitFor((m) => m.type === 'post.liked')).data).toEqual({ likesCount: 1 });
  });

  it("delivers notifications to their user's room", async () => {
    const owner = await join('user', reader.user.id, reader);
    await publishThrough(s.target, `user/${reader.user.id}`, {
      type: 'notification.created',
      data: { id: 'n-1', type: 'follow', read: false },
    });
    await publishThrough(s.target, `user/${reader.user.id}`, { type: 'notifications.unread', data: { count: 1 } });
    expect((await owner.waitFor((m) => m.type === 'notification.created')).data).toMatchObject({ id: 'n-1' });
    expect((await owner.waitFor((m) => m.type === 'notifications.unread')).data).toEqual({ count: 1 });
  });

  it("refuses a user room without a ticket, to another user, with an expired ticket or another room's ticket", async () => {
    const room = `user/${s.author.user.id}` as const;
    expect(await tryConnect(roomUrl('user', s.author.user.id))).toEqual({ status: 401 });
    const ticketRefused = await fetch(`${s.target.apiUrl}/api/realtime/ticket`, {
      method: 'POST',
      headers: { ...reader.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ room }),
    });
    expect(ticketRefused.status).toBe(403);
    const readersOwn = await requestTicket(s.target.apiUrl, reader, `user/${reader.user.id}`);
    expect(await tryConnect(roomUrl('user', s.author.user.id, readersOwn))).toEqual({ status: 403 });
    const holder = { userId: s.author.user.id, username: s.author.user.username };
    const expired = await signTicket(secret, holder, room, new Date(Date.now() - 120_000));
    expect(await tryConnect(roomUrl('user', s.author.user.id, expired.ticket))).toEqual({ status: 401 });
    const forged = await signTicket('another-secret-another-secret-0000', holder, room);
    expect(await tryConnect(roomUrl('user', s.author.user.id, forged.ticket))).toEqual({ status: 401 });
  });

  it("keeps a draft's room to its author", async () => {
    expect(await tryConnect(roomUrl('post', draftId))).toEqual({
      close: { code: 1008, reason: 'This post is not published' },
    });
    const refused = await fetch(`${s.target.apiUrl}/api/realtime/ticket`, {
      method: 'POST',
      headers: { ...reader.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ room: `post/${draftId}` }),
    });
    expect(refused.status).toBe(404);
    const own = await join('post', draftId, s.author);
    await own.until(() => own.presence() === 1);
  });

  it('replays exactly the events missed while disconnected, in order, then sync.done', async () => {
    const client = await join('post', s.postId);
    await publishThrough(s.target, `post/${s.postId}`, comment('before'));
    await client.waitFor((m) => m.type === 'comment.created' && m.data.id === 'before');
    const seen = client.lastSeq as number;
    await client.disconnect();
    for (const n of [1, 2, 3, 4, 5]) await publishThrough(s.target, `post/${s.postId}`, comment(`missed-${n}`));
    const from = client.messages.length;
    await client.connect();
    await client.waitFor((m) => m.type === 'sync.done', from);
    const replay = client.messages.slice(from).filter((m) => m.seq !== undefined || m.type === 'sync.done');
    expect(replay.map((m) => [m.type, m.seq, m.type === 'comment.created' ? m.data.id : undefined])).toEqual([
      ['comment.created', seen + 1, 'missed-1'],
      ['comment.created', seen + 2, 'missed-2'],
      ['comment.created', seen + 3, 'missed-3'],
      ['comment.created', seen + 4, 'missed-4'],
      ['comment.created', seen + 5, 'missed-5'],
      ['sync.done', undefined, undefined],
    ]);
    expect(replay.at(-1)?.data).toEqual({ seq: seen + 5, reset: false });
  });

  it('relays typing from signed-in readers only', async () => {
    const anonymous = await join('post', s.postId);
    const signedIn = await join('post', s.postId, reader);
    signedIn.send({ type: 'typing' });
    const typing = await anonymous.waitFor((m) => m.type === 'typing');
    expect(typing.data).toEqual({ user: { id: reader.user.id, username: reader.user.username } });
    anonymous.send({ type: 'typing' });
    expect((await anonymous.waitFor((m) => m.type === 'error')).data).toMatchObject({ code: 'unauthenticated' });
    expect(signedIn.messages.some((m) => m.type === 'typing')).toBe(false);
  });

  it.each([
    { what: 'a binary frame', frame: new Uint8Array([1, 2, 3]).buffer, code: 1003 },
    { what: 'text that is not JSON', frame: 'hello', code: 1003 },
    { what: 'an unknown message type', frame: JSON.stringify({ v: 1, type: 'comment.created', data: {} }), code: 1003 },
    {
      what: 'a message over the size limit',
      frame: JSON.stringify({ v: 1, type: 'ping', pad: 'x'.repeat(8000) }),
      code: 1009,
    },
  ])('closes the socket on $what with $code', async ({ frame, code }) => {
    const client = await join('post', s.postId);
    client.sendRaw(frame);
    expect((await client.waitForClose()).code).toBe(code);
  });

  it('closes a socket that sends too many messages with 1008', async () => {
    const client = await join('post', s.postId);
    for (let i = 0; i < 40; i++) client.send({ type: 'ping' });
    expect(await client.waitForClose()).toEqual({ code: 1008, reason: 'Too many messages' });
  });

  it('refuses a publish without a token for that very room', async () => {
    const url = `http://${s.target.host}/parties/post/${s.postId}`;
    const body = JSON.stringify({ type: 'comment.created', seq: 999, data: { id: 'forged' } });
    const headers = { 'content-type': 'application/json' };
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(401);
    const otherRoom = await signServerToken(secret, 'publish', `post/${draftId}`);
    const wrong = await fetch(url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${otherRoom}` },
      body,
    });
    expect(wrong.status).toBe(401);
  });
});
