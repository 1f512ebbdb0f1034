import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { notifications, users } from '#db/schema';
import { describeOnEngines } from '#test/app-under-test';
import { call } from '#test/requests';
import { seedUser, type TestActor } from '#test/seeds';

await describeOnEngines('follows', {}, (t) => {
  const follow = (actor: TestActor | undefined, username: string, method = 'POST') =>
    call(t.app, method, `/api/users/${username}/follow`, actor);
  async function countsOf(id: string) {
    const [row] = await t.db
      .select({ followers: users.followersCount, following: users.followingCount })
      .from(users)
      .where(eq(users.id, id));
    return row;
  }

  it('follows, idempotently, and keeps both counters exact', async () => {
    const fan = await seedUser(t.db, 'fan');
    const star = await seedUser(t.db, 'star');
    for (let i = 0; i < 2; i++) {
      const res = await follow(fan, star.username);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ following: true, followersCount: 1 });
    }
    expect(await countsOf(star.id)).toEqual({ followers: 1, following: 0 });
    expect(await countsOf(fan.id)).toEqual({ followers: 0, following: 1 });
  });

  it('unfollows, idempotently', async () => {
    const fan = await seedUser(t.db, 'fan');
    const star = await seedUser(t.db, 'star');
    await follow(fan, star.username);
    for (let i = 0; i < 2; i++) {
      const res = await follow(fan, star.username, 'DELETE');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ following: false, followersCount: 0 });
    }
    expect(await countsOf(fan.id)).toEqual({ followers: 0, following: 0 });
  });

  it('accepts the username in any case', async () => {
    const fan = await seedUser(t.db, 'fan');
    const star = await seedUser(t.db, 'star');
    expect((await follow(fan, star.username.toUpperCase())).status).toBe(200);
  });

  it('notifies the followee once, and publishes it to their room', async () => {
    const fan = await seedUser(t.db, 'fan');
    const star = await seedUser(t.db, 'star');
    await t.realtime.settled();
    t.realtime.events.length = 0;
    await follow(fan, star.username);
    await follow(fan, star.username);
    const rows = await t.db
      .select({ type: notifications.type })
      .from(notifications)
      .where(and(eq(notifications.userId, star.id), eq(notifications.actorId, fan.id)));
    expect(rows).toEqual([{ type: 'follow' }]);
    await t.realtime.settled();
    expect(t.realtime.events.map((e) => [e.room, e.type])).toEqual([
      [`user/${star.id}`, 'notification.created'],
      [`user/${star.id}`, 'notifications.unread'],
    ]);
    expect(t.realtime.events[0]?.data).toMatchObject({ type: 'follow', actor: { id: fan.id }, read: false });
  });

  it('takes an unread follow notification back on unfollow, but keeps a read one', async () => {
    const fan = await seedUser(t.db, 'fan');
    const star = await seedUser(t.db, 'star');
    const inbox = () => t.db.select().from(notifications).where(eq(notifications.userId, star.id));
    await follow(fan, star.username);
    await t.realtime.settled();
    t.realtime.events.length = 0;
    await follow(fan, star.username, 'DELETE');
    expect(await inbox()).toEqual([]);
    await t.realtime.settled();
    expect(t.realtime.events).toMatchObject([
      { room: `user/${star.id}`, type: 'notifications.unread', data: { count: 0 } },
    ]);
    await follow(fan, star.username);
    await t.db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.userId, star.id));
    await follow(fan, star.username, 'DELETE');
    expect(await inbox()).toHaveLength(1);
  });

  it('refuses to follow yourself with 422, an unknown user with 404, anonymous with 401', async () => {
    const fan = await seedUser(t.db, 'fan');
    const self = await follow(fan, fan.username);
    expect(self.status).toBe(422);
    expect((await self.json()).error.details).toHaveProperty('username');
    expect((await follow(fan, fan.username, 'DELETE')).status).toBe(422);
    expect((await follow(fan, 'nobody-here')).status).toBe(404);
    expect((await follow(undefined, fan.username)).status).toBe(401);
    expect(await countsOf(fan.id)).toEqual({ followers: 0, following: 0 });
  });
});
