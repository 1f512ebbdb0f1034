import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bearer, call, post, register, type Session } from './worker-client';

const available = inject('databaseUrl') !== '';

interface CommentBody {
  comment: { id: string; postId: string; parentId: string | null; html: string };
}
interface RoomDelivery {
  room: string;
  authorized: boolean;
  event: { type: string; data: unknown };
}

describe.skipIf(!available)('comments, follows and notifications inside workerd', () => {
  let author: Session;
  let reader: Session;
  let postId: string;
  let slug: string;

  beforeAll(async () => {
    // The first request loads the whole module graph through Vite, which takes seconds on a small machine.
    await call('/api/health');
    author = await register('edge_author');
    reader = await register('edge_reader');
    const created = await post(
      '/api/posts',
      { title: 'Talk to me', body: 'Comments welcome.', status: 'published' },
      bearer(author.accessToken),
    );
    expect(created.status).toBe(201);
    ({ id: postId, slug } = (await created.json<{ post: { id: string; slug: string } }>()).post);
  }, 120_000);

  it('threads a comment and a reply, lists them, and publishes to the post room', async () => {
    const first = await post(
      `/api/posts/${slug}/comments`,
      { body: 'Hi <script>x</script>' },
      bearer(reader.accessToken),
    );
    expect(first.status).toBe(201);
    const { comment } = await first.json<CommentBody>();
    expect(comment.html).not.toContain('<script');
    const reply = await post(
      `/api/posts/${slug}/comments`,
      { body: 'Thanks!', parentId: comment.id },
      bearer(author.accessToken),
    );
    expect(reply.status).toBe(201);

    const list = await call(`/api/posts/${slug}/comments`);
    expect(list.status).toBe(200);
    const page = await list.json<{ items: { id: string; replies: { parentId: string }[] }[] }>();
    expect(page.items.map((c) => c.id)).toEqual([comment.id]);
    expect(page.items[0]?.replies.map((r) => r.parentId)).toEqual([comment.id]);

    const received = await (await fetch(`${inject('realtimeUrl')}/received`)).json<RoomDelivery[]>();
    expect(received).toContainEqual(
      expect.objectContaining({
        room: `post/${postId}`,
        authorized: true,
        event: expect.objectContaining({ type: 'comment.created' }),
      }),
    );
    expect(received).toContainEqual(
      expect.objectContaining({
        room: `user/${author.user.id}`,
        event: expect.objectContaining({ type: 'notification.created' }),
      }),
    );
  });

  it("serves the author's Atom feed with the published post", async () => {
    const res = await call(`/api/atom/users/${author.user.username}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toContain(`<id>urn:uuid:${postId}</id>`);
    expect(xml).toContain('<title type="text">Talk to me</title>');
  });

  it('lists the published post in the sitemap that robots.txt names', async () => {
    const robots = await call('/robots.txt');
    expect(robots.status).toBe(200);
    const sitemapUrl = /^Sitemap: (.+)$/m.exec(await robots.text())?.[1] as string;
    const index = await (await call(new URL(sitemapUrl).pathname)).text();
    expect(index).toContain('/sitemaps/posts-1.xml</loc>');
    const posts = await call('/sitemaps/posts-1.xml');
    expect(posts.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await posts.text()).toMatch(new RegExp(`<loc>[^<]*/p/${slug}</loc>`));
  });

  it('follows, notifies, counts unread and marks all read', async () => {
    const followed = await post(`/api/users/${author.user.username}/follow`, {}, bearer(reader.accessToken));
    expect(followed.status).toBe(200);
    expect(await followed.json()).toEqual({ following: true, followersCount: 1 });

    const inbox = await call('/api/notifications', { headers: bearer(author.accessToken) });
    const types = (await inbox.json<{ items: { type: string }[] }>()).items.map((n) => n.type);
    expect(types).toEqual(['follow', 'comment']);
    const count = await call('/api/notifications/unread-count', { headers: bearer(author.accessToken) });
    expect(await count.json()).toEqual({ count: 2 });
    expect((await post('/api/notifications/read-all', {}, bearer(author.accessToken))).status).toBe(204);
    const after = await call('/api/notifications/unread-count', { headers: bearer(author.accessToken) });
    expect(await after.json()).toEqual({ count: 0 });
  });
});
