import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posts } from '#db/schema';
import type { Database } from '#db/types';
import { signServerToken, verifyTicket } from '#realtime/tokens';
import { postsAppOn } from '#test/app-under-test';
import { testConfig } from '#test/deps';
import { type CreatedUser, createAdmin, createUser } from '#test/factories';
import { contractEngines } from '#test/postgres';
import type { Answerer } from '#test/requests';
import { appendRoomEvent } from '#worker/services/realtime/event-log';

// The engine's database and app, set by the suite of the engine that runs.
let db: Database;
let app: Answerer;
let author: CreatedUser;
let reader: CreatedUser;
let admin: CreatedUser;
let publishedId: string;
let draftId: string;

async function insertPost(status: 'draft' | 'published') {
  const [post] = await db
    .insert(posts)
    .values({
      authorId: author.user.id,
      slug: `ticket-${status}`,
      title: 'T',
      body: 'B',
      html: '<p>B</p>',
      status,
      publishedAt: status === 'published' ? new Date(Date.now() - 1000) : null,
    })
    .returning();
  return post?.id as string;
}

const askTicket = (as: CreatedUser | undefined, room: unknown) =>
  app.request('/api/realtime/ticket', {
    method: 'POST',
    headers: { ...(as?.headers ?? {}), 'content-type': 'application/json' },
    body: JSON.stringify({ room }),
  });

describe.each(await contractEngines())('realtime routes on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let close: () => Promise<void>;
    beforeAll(async () => {
      const opened = await engine.open();
      ({ db, close } = opened);
      app = (await postsAppOn(opened)).app;
      author = await createUser(db);
      reader = await createUser(db);
      admin = await createAdmin(db);
      publishedId = await insertPost('published');
      draftId = await insertPost('draft');
    });
    afterAll(() => close());

    describe('POST /api/realtime/ticket', () => {
      it('issues a 60-second ticket bound to the caller and the room', async () => {
        const res = await askTicket(reader, `user/${reader.user.id}`);
        expect(res.status).toBe(200);
        const { ticket, expiresAt } = await res.json();
        const lifetime = Date.parse(expiresAt) - Date.now();
        expect(lifetime).toBeGreaterThan(55_000);
        expect(lifetime).toBeLessThanOrEqual(60_000);
        const check = await verifyTicket(testConfig.realtime.secret, ticket, `user/${reader.user.id}`);
        expect(check).toEqual({ ok: true, user: { userId: reader.user.id, username: reader.user.username } });
        expect(await verifyTicket(testConfig.realtime.secret, ticket, `post/${publishedId}`)).toEqual({
          ok: false,
          reason: 'wrong_room',
        });
      });

      it('requires a signed-in caller', async () => {
        expect((await askTicket(undefined, `post/${publishedId}`)).status).toBe(401);
      });

      it("refuses another user's room with 403", async () => {
        const res = await askTicket(reader, `user/${author.user.id}`);
        expect(res.status).toBe(403);
        expect((await res.json()).error.code).toBe('forbidden');
      });

      it('gives post rooms to those who may read the post: anyone when published, the author or an admin when a draft', async () => {
        expect((await askTicket(reader, `post/${publishedId}`)).status).toBe(200);
        expect((await askTicket(reader, `post/${draftId}`)).status).toBe(404);
        expect((await askTicket(author, `post/${draftId}`)).status).toBe(200);
        expect((await askTicket(admin, `post/${draftId}`)).status).toBe(200);
        expect((await askTicket(reader, 'post/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      });

      it.each(['lobby/1', 'post/not-a-uuid', '', 42])('answers 422 for the room %j', async (room) => {
        const res = await askTicket(reader, room);
        expect(res.status).toBe(422);
        expect((await res.json()).error.details).toHaveProperty('room');
      });
    });

    describe('the room-host routes', () => {
      const internal = async (path: string, room: `${'post' | 'user'}/${string}`) =>
        app.request(path, {
          headers: { authorization: `Bearer ${await signServerToken(testConfig.realtime.secret, 'internal', room)}` },
        });

      it('serve the log of a room to a holder of that room token only', async () => {
        await appendRoomEvent(db, `post/${publishedId}`, 'post.liked', { likesCount: 1 });
        await appendRoomEvent(db, `post/${publishedId}`, 'post.liked', { likesCount: 2 });
        const path = `/api/realtime/rooms/post/${publishedId}/events?since=1`;
        expect((await app.request(path)).status).toBe(401);
        expect((await internal(path, `post/${draftId}`)).status).toBe(401);
        const res = await internal(path, `post/${publishedId}`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({
          events: [{ seq: 2, type: 'post.liked', data: { likesCount: 2 } }],
          latestSeq: 2,
          oldestSeq: 1,
        });
      });

      it('tell a room whether its post is public', async () => {
        const ask = async (id: string) =>
          (await (await internal(`/api/realtime/rooms/post/${id}/public`, `post/${id}`)).json()).public;
        expect(await ask(publishedId)).toBe(true);
        expect(await ask(draftId)).toBe(false);
      });
    });
  });
});
