import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { notifications } from '#db/schema';
import { createTestDeps } from '#test/deps';
import { recordingRealtime } from '#test/post-factories';
import { createPgliteDatabase } from '#test/postgres';
import { call } from '#test/requests';
import { seedPost, seedUser, type TestActor } from '#test/seeds';
import { createApp } from '#worker/app';

let handle: DbHandle;
let app: ReturnType<typeof createApp>;
let realtime: ReturnType<typeof recordingRealtime>;
let alice: TestActor;
let bob: TestActor;
let carol: TestActor;

beforeAll(async () => {
  handle = await createPgliteDatabase();
  realtime = recordingRealtime(handle.db);
  app = createApp(await createTestDeps(handle.db, { realtime }));
  alice = await seedUser(handle.db, 'alice');
  bob = await seedUser(handle.db, 'bob');
  carol = await seedUser(handle.db, 'carol');
});
afterAll(() => handle.close());
beforeEach(async () => {
  await realtime.settled();
  realtime.events.length = 0;
});

async function comment(slug: string, actor: TestActor, body: string, parentId?: string) {
  const res = await call(app, 'POST', `/api/posts/${slug}/comments`, actor, { body, parentId });
  expect(res.status).toBe(201);
  return (await res.json()).comment;
}

async function notificationsFor(commentId: string) {
  const rows = await handle.db
    .select({ userId: notifications.userId, type: notifications.type, actorId: notifications.actorId })
    .from(notifications)
    .where(eq(notifications.commentId, commentId));
  return rows.sort((a, b) => a.type.localeCompare(b.type));
}

describe('notifications caused by comments', () => {
  it('tells the post’s author of a comment on their post', async () => {
    const { slug } = await seedPost(handle.db, alice);
    const c = await comment(slug, bob, 'hello');
    expect(await notificationsFor(c.id)).toEqual([{ userId: alice.id, type: 'comment', actorId: bob.id }]);
  });

  it('tells the parent’s author of a reply and the post’s author of the comment', async () => {
    const { slug } = await seedPost(handle.db, alice);
    const parent = await comment(slug, bob, 'first');
    const reply = await comment(slug, carol, 'reply', parent.id);
    expect(await notificationsFor(reply.id)).toEqual([
      { userId: alice.id, type: 'comment', actorId: carol.id },
      { userId: bob.id, type: 'reply', actorId: carol.id },
    ]);
  });

  it('sends one notification, a reply, when the parent’s author also wrote the post', async () => {
    const { slug } = await seedPost(handle.db, alice);
    const parent = await comment(slug, alice, 'author speaks');
    const reply = await comment(slug, bob, 'reply', parent.id);
    expect(await notificationsFor(reply.id)).toEqual([{ userId: alice.id, type: 'reply', actorId: bob.id }]);
  });

  it('never notifies anyone of their own comment or reply', async () => {
    const { slug } = await seedPost(handle.db, alice);
    const own = await comment(slug, alice, 'on my own post');
    const ownReply = await comment(slug, alice, 'replying to myself', own.id);
    expect(await notificationsFor(own.id)).toEqual([]);
    expect(await notificationsFor(ownReply.id)).toEqual([]);
    const bobs = await comment(slug, bob, 'bob');
    const alicesReply = await comment(slug, alice, 'author answers', bobs.id);
    expect(await notificationsFor(alicesReply.id)).toEqual([{ userId: bob.id, type: 'reply', actorId: alice.id }]);
  });

  it('are taken back when the comment is deleted or tombstoned, and the unread counts republished', async () => {
    const { slug } = await seedPost(handle.db, alice);
    const parent = await comment(slug, bob, 'parent');
    const reply = await comment(slug, carol, 'reply', parent.id);
    expect(await notificationsFor(parent.id)).toHaveLength(1);
    await realtime.settled();
    realtime.events.length = 0;
    expect((await call(app, 'DELETE', `/api/comments/${parent.id}`, bob)).status).toBe(204);
    expect(await notificationsFor(parent.id)).toEqual([]);
    expect(await notificationsFor(reply.id)).toHaveLength(2);
    expect((await call(app, 'DELETE', `/api/comments/${reply.id}`, carol)).status).toBe(204);
    expect(await notificationsFor(reply.id)).toEqual([]);
    await realtime.settled();
    const unreadRooms = realtime.events.filter((e) => e.type === 'notifications.unread').map((e) => e.room);
    expect(unreadRooms.sort()).toEqual([`user/${alice.id}`, `user/${alice.id}`, `user/${bob.id}`].sort());
  });
});

describe('realtime events', () => {
  it('publishes the comment to the post room and the notification to the author’s room', async () => {
    const { id: postId, slug } = await seedPost(handle.db, alice);
    const c = await comment(slug, bob, 'live');
    await realtime.settled();
    expect(realtime.events.map((e) => [e.room, e.type])).toEqual([
      [`post/${postId}`, 'comment.created'],
      [`user/${alice.id}`, 'notification.created'],
      [`user/${alice.id}`, 'notifications.unread'],
    ]);
    expect(realtime.events[0]?.data).toEqual(c);
    expect(realtime.events[1]?.data).toMatchObject({
      type: 'comment',
      actor: { id: bob.id },
      post: { id: postId, slug },
      comment: { id: c.id },
      read: false,
    });
    expect((realtime.events[2]?.data as { count: number }).count).toBeGreaterThan(0);
  });

  it('publishes edits, tombstones and deletions', async () => {
    const { id: postId, slug } = await seedPost(handle.db, alice);
    const parent = await comment(slug, bob, 'parent');
    const reply = await comment(slug, alice, 'reply', parent.id);
    await realtime.settled();
    realtime.events.length = 0;
    await call(app, 'PATCH', `/api/comments/${parent.id}`, bob, { body: 'edited' });
    await call(app, 'DELETE', `/api/comments/${parent.id}`, bob);
    await call(app, 'DELETE', `/api/comments/${reply.id}`, alice);
    await realtime.settled();
    const postEvents = realtime.events.filter((e) => e.room === `post/${postId}`);
    expect(postEvents.map((e) => [e.room, e.type, e.data])).toEqual([
      [`post/${postId}`, 'comment.updated', expect.objectContaining({ id: parent.id, body: 'edited' })],
      [`post/${postId}`, 'comment.updated', expect.objectContaining({ id: parent.id, deleted: true, body: '' })],
      [`post/${postId}`, 'comment.deleted', { id: reply.id }],
      [`post/${postId}`, 'comment.deleted', { id: parent.id }],
    ]);
  });

  it('publishes nothing when the write is refused', async () => {
    const draft = await seedPost(handle.db, alice, { status: 'draft' });
    await call(app, 'POST', `/api/posts/${draft.slug}/comments`, bob, { body: 'sneaky' });
    await realtime.settled();
    expect(realtime.events).toEqual([]);
  });
});

const xssPayloads = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![img](javascript:alert(1))',
  '<svg><script>alert(1)</script></svg>',
  '<svg onload=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<details open ontoggle=alert(1)>',
  '[x](<javascript:alert(1)>)',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '```html\n<script>alert(1)</script>\n```',
  '<form action="javascript:alert(1)"><button>go</button></form>',
];

describe('XSS in comment bodies', () => {
  it.each(xssPayloads)('neutralizes %s', async (payload) => {
    const { slug } = await seedPost(handle.db, alice);
    const created = await comment(slug, bob, payload);
    const listed = (await (await app.request(`/api/posts/${slug}/comments`)).json()).items[0];
    for (const html of [created.html, listed.html]) {
      expect(html).not.toMatch(/<(script|svg|math|iframe|style|form|details)\b/i);
      expect(html).not.toMatch(/\son\w+\s*=/i);
      expect(html).not.toMatch(/(href|src|action)\s*=\s*"?\s*(javascript|data):/i);
      expect(html).not.toMatch(/style\s*=/i);
    }
  });
});
