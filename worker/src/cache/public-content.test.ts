import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { posts, users } from '#db/schema';
import { createTestDeps } from '#test/deps';
import { type CreatedUser, createUser } from '#test/factories';
import { call, createTestPost, manualClock } from '#test/post-factories';
import { createPgliteDatabase } from '#test/postgres';
import { deleteKeysWithPrefix } from '#test/redis-keys';
import { redisAvailable, redisUrl } from '#test/services';
import { createIoRedisUpstash, type IoRedisUpstash } from '../adapters/redis/ioredis-upstash';
import { createRedisCache } from '../adapters/redis/redis-cache';
import { createJsonLogger } from '../adapters/shared/json-logger';
import { type App, createApp } from '../app';
import type { Deps } from '../ports';
import { runScheduledJobs } from '../services/scheduler';

const available = await redisAvailable();
const prefix = `ep-test:public-content:${process.pid}:${Date.now()}:`;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type Json = Record<string, any>;

describe.skipIf(!available)('cached public reads, invalidated by every kind of write', () => {
  let handle: DbHandle;
  let client: IoRedisUpstash;
  let app: App;
  let deps: Deps;
  let author: CreatedUser;
  let reader: CreatedUser;
  const clock = manualClock();
  const anon = async (path: string): Promise<Json> => (await app.request(path)).json();
  const titles = async (path: string) => ((await anon(path)).items as Json[]).map((p) => p.title);

  beforeAll(async () => {
    handle = await createPgliteDatabase();
    client = createIoRedisUpstash({ url: redisUrl, timeoutMs: 1000 });
    await client.ready(2000);
    const cache = createRedisCache(client.redis, { logger: createJsonLogger('error'), prefix });
    deps = await createTestDeps(handle.db, { cache, clock });
    app = createApp(deps);
    author = await createUser(handle.db);
    reader = await createUser(handle.db);
    // The factory signs tokens at the real time, and the app refuses tokens from its future.
    clock.advance(Date.now() - clock.now().getTime());
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(redisUrl, prefix);
    await client.close();
    await handle.close();
  });

  it('serves anonymous readers from the cache (a change behind its back stays unseen) but never a signed-in one', async () => {
    const post = await createTestPost(app, author, { title: 'Cached title', tags: ['cachetag'] });
    expect(await titles('/api/posts')).toContain('Cached title');
    expect((await anon(`/api/posts/${post.slug}`)).post.title).toBe('Cached title');
    await handle.db.update(posts).set({ title: 'Changed behind the cache' }).where(eq(posts.id, post.id));
    expect(await titles('/api/posts')).toContain('Cached title');
    expect((await anon(`/api/posts/${post.slug}`)).post.title).toBe('Cached title');
    // The author (and any signed-in caller) reads the database.
    const own = await (await call(app, 'GET', `/api/posts/${post.slug}`, author)).json();
    expect(own.post.title).toBe('Changed behind the cache');
    const asReader = await (await call(app, 'GET', '/api/posts', reader)).json();
    expect(asReader.items.map((p: Json) => p.title)).toContain('Changed behind the cache');
  });

  it('is fresh after a post is created, edited, retagged, unpublished, published and deleted', async () => {
    await titles('/api/posts');
    const post = await createTestPost(app, author, { title: 'New one', tags: ['alpha'] });
    expect(await titles('/api/posts')).toContain('New one');
    expect(await titles(`/api/posts?author=${author.user.username}`)).toContain('New one');
    expect(await titles('/api/tags/alpha/posts')).toEqual(['New one']);
    const alphaCount = async () =>
      ((await anon('/api/tags')).items as Json[]).find((t) => t.slug === 'alpha')?.postsCount;
    expect(await alphaCount()).toBe(1);

    await call(app, 'PATCH', `/api/posts/${post.slug}`, author, { title: 'Edited one', tags: ['beta'] });
    expect(await titles('/api/posts')).toContain('Edited one');
    expect((await anon(`/api/posts/${post.slug}`)).post.tags).toEqual(['beta']);
    expect(await alphaCount()).toBeUndefined();
    expect(await titles('/api/tags/beta/posts')).toEqual(['Edited one']);

    await call(app, 'PATCH', `/api/posts/${post.slug}`, author, { status: 'draft' });
    expect(await titles('/api/posts')).not.toContain('Edited one');
    expect((await app.request(`/api/posts/${post.slug}`)).status).toBe(404);
    await call(app, 'PATCH', `/api/posts/${post.slug}`, author, { status: 'published' });
    expect((await anon(`/api/posts/${post.slug}`)).post.status).toBe('published');

    expect((await call(app, 'DELETE', `/api/posts/${post.slug}`, author)).status).toBe(204);
    expect(await titles('/api/posts')).not.toContain('Edited one');
    expect((await app.request(`/api/posts/${post.slug}`)).status).toBe(404);
  });

  it('is fresh after likes and comments change the counts', async () => {
    const post = await createTestPost(app, author, { title: 'Counted' });
    const counts = async () => {
      const { post: read } = await anon(`/api/posts/${post.slug}`);
      const listed = ((await anon('/api/posts')).items as Json[]).find((p) => p.id === post.id);
      return [read.likesCount, read.commentsCount, listed?.likesCount, listed?.commentsCount];
    };
    expect(await counts()).toEqual([0, 0, 0, 0]);
    await call(app, 'POST', `/api/posts/${post.slug}/like`, reader);
    expect(await counts()).toEqual([1, 0, 1, 0]);
    const res = await call(app, 'POST', `/api/posts/${post.slug}/comments`, reader, { body: 'Nice' });
    const { comment } = await res.json();
    expect(await counts()).toEqual([1, 1, 1, 1]);
    await call(app, 'DELETE', `/api/posts/${post.slug}/like`, reader);
    await call(app, 'DELETE', `/api/comments/${comment.id}`, reader);
    expect(await counts()).toEqual([0, 0, 0, 0]);
  });

  it('is fresh after a profile change and a follow', async () => {
    const post = await createTestPost(app, author, { title: 'By whom' });
    const profile = async () => (await anon(`/api/users/${author.user.username}`)).user;
    expect((await profile()).followersCount).toBe(0);
    expect((await anon(`/api/posts/${post.slug}`)).post.author.displayName).toBe(author.user.displayName);

    await call(app, 'PATCH', '/api/users/me', author, { displayName: 'Renamed Author' });
    expect((await profile()).displayName).toBe('Renamed Author');
    expect((await anon(`/api/posts/${post.slug}`)).post.author.displayName).toBe('Renamed Author');
    const listed = ((await anon('/api/posts')).items as Json[]).find((p) => p.id === post.id);
    expect(listed?.author.displayName).toBe('Renamed Author');

    await call(app, 'POST', `/api/users/${author.user.username}/follow`, reader);
    expect((await profile()).followersCount).toBe(1);
  });

  it('is fresh once the scheduler publishes a due post', async () => {
    const at = new Date(clock.now().getTime() + 60_000).toISOString();
    const scheduled = await createTestPost(app, author, { title: 'Later', status: 'scheduled', publishAt: at });
    expect(await titles('/api/posts')).not.toContain('Later');
    clock.advance(120_000);
    // Until the scheduler runs, the cached first page may lag (bounded by its 30 s TTL).
    expect(await titles('/api/posts')).not.toContain('Later');
    expect((await runScheduledJobs(deps)).published).toBe(1);
    expect(await titles('/api/posts')).toContain('Later');
    expect((await anon(`/api/posts/${scheduled.slug}`)).post.status).toBe('published');
  });

  it('is not retired by a failed write', async () => {
    await anon(`/api/users/${author.user.username}`);
    const version = await client.redis.get(`${prefix}ver:public-content`);
    const res = await call(app, 'PATCH', '/api/posts/no-such-post', author, { title: 'x' });
    expect(res.status).toBe(404);
    expect(await client.redis.get(`${prefix}ver:public-content`)).toBe(version);
    await handle.db.update(users).set({ bio: 'unseen' }).where(eq(users.id, author.user.id));
    expect((await anon(`/api/users/${author.user.username}`)).user.bio).not.toBe('unseen');
  });
});
