import { describe, expect, it } from 'vitest';
import { appOnEngine } from '#test/engine-app';
import { call, createTestPost, createUser, follow, postsApp } from '#test/post-factories';
import { contractEngines } from '#test/postgres';

const engines = await contractEngines();

describe.each(engines)('your data: export and account deletion on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    const t = appOnEngine(engine, { mail: true, build: postsApp });

    it('exports the profile, every post (drafts too), comments and preferences as a JSON download', async () => {
      const writer = await createUser(t.db);
      const other = await createUser(t.db);
      const published = await createTestPost(t.app, writer, { title: 'Out there', tags: ['notes'] });
      await createTestPost(t.app, writer, { title: 'Secret draft', status: 'draft' });
      const theirs = await createTestPost(t.app, other);
      await call(t.app, 'POST', `/api/posts/${theirs.slug}/comments`, writer, { body: 'My comment' });
      await call(t.app, 'POST', `/api/posts/${published.slug}/comments`, other, { body: 'Not mine' });

      const res = await call(t.app, 'GET', '/api/users/me/export', writer);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${writer.user.username}-export.json"`);
      const data = await res.json();
      expect(data.profile).toMatchObject({ id: writer.user.id, email: writer.user.email });
      expect(data.emailPreferences).toMatchObject({ replies: 'instant', comments: 'instant' });
      expect(data.posts.map((p: { title: string }) => p.title)).toEqual(['Out there', 'Secret draft']);
      expect(data.posts[0].tags).toEqual(['notes']);
      expect(data.comments.map((c: { body: string }) => c.body)).toEqual(['My comment']);
      expect(data.media).toEqual([]);
      expect(JSON.stringify(data)).not.toContain('argon2');
      expect((await call(t.app, 'GET', '/api/users/me/export')).status).toBe(401);
    });

    it('deletes the account at once after the password, keeps others’ replies under a tombstone, and mails a notice', async () => {
      const leaving = await createUser(t.db);
      const friend = await createUser(t.db);
      await follow(t.db, friend.user.id, leaving.user.id);
      await follow(t.db, leaving.user.id, friend.user.id);
      const own = await createTestPost(t.app, leaving);
      const friends = await createTestPost(t.app, friend);
      await call(t.app, 'POST', `/api/posts/${friends.slug}/like`, leaving);
      const answered = await (
        await call(t.app, 'POST', `/api/posts/${friends.slug}/comments`, leaving, { body: 'Replied to' })
      ).json();
      await call(t.app, 'POST', `/api/posts/${friends.slug}/comments`, leaving, { body: 'Alone' });
      await call(t.app, 'POST', `/api/posts/${friends.slug}/comments`, friend, {
        body: 'The reply',
        parentId: answered.comment.id,
      });

      const wrong = await t.app.request('/api/users/me', {
        method: 'DELETE',
        headers: { ...leaving.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: 'not-the-password' }),
      });
      expect(wrong.status).toBe(422);
      const res = await t.app.request('/api/users/me', {
        method: 'DELETE',
        headers: { ...leaving.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: leaving.password }),
      });
      expect(res.status).toBe(204);
      await t.deps.mail.settled();

      expect((await call(t.app, 'GET', '/api/users/me', leaving)).status).toBe(401);
      expect((await call(t.app, 'GET', `/api/users/${leaving.user.username}`)).status).toBe(404);
      expect((await call(t.app, 'GET', `/api/posts/${own.slug}`)).status).toBe(404);
      const login = await call(t.app, 'POST', '/api/auth/login', undefined, {
        email: leaving.user.email,
        password: leaving.password,
      });
      expect(login.status).toBe(401);

      const thread = await (await call(t.app, 'GET', `/api/posts/${friends.slug}/comments`)).json();
      const bodies = JSON.stringify(thread);
      expect(bodies).not.toContain('Alone');
      expect(bodies).not.toContain('Replied to');
      expect(bodies).toContain('The reply');
      expect(bodies).toContain('"deleted":true');
      const post = (await (await call(t.app, 'GET', `/api/posts/${friends.slug}`)).json()).post;
      expect(post).toMatchObject({ likesCount: 0, commentsCount: 1 });
      const profile = (await (await call(t.app, 'GET', `/api/users/${friend.user.username}`)).json()).user;
      expect(profile).toMatchObject({ followersCount: 0, followingCount: 0 });

      const notice = await t.sink.waitFor(leaving.user.email, /account was deleted/);
      expect(notice.text).toContain(`@${leaving.user.username}`);
      expect(notice.header('list-unsubscribe')).toBeUndefined();
    });
  });
});
