import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posts } from '#db/schema';
import { createTestDeps } from '#test/deps';
import { type CreatedUser, createUser } from '#test/factories';
import { createTestPost } from '#test/post-factories';
import { createTestDatabase, type TestDatabase } from '#test/postgres';
import { deleteKeysWithPrefix } from '#test/redis-keys';
import { postgresAvailable, redisAvailable, redisUrl } from '#test/services';
import { createIoRedisUpstash, type IoRedisUpstash } from '../adapters/redis/ioredis-upstash';
import { createRedisCache } from '../adapters/redis/redis-cache';
import { createJsonLogger } from '../adapters/shared/json-logger';
import { createApp } from '../app';
import type { Deps, Metrics } from '../ports';
import { defaultRateLimitPolicies } from '../rate-limit-policies';
import { createHotResponses } from './hot-responses';
import { type RunningServer, startNodeServer } from './node-server';

const available = (await postgresAvailable()) && (await redisAvailable());
const prefix = `ep-test:hot:${process.pid}:${Date.now()}:`;
const logger = createJsonLogger('error');

function countingMetrics(): Metrics & { hotHits: number; observed: string[] } {
  const counts = { hotHits: 0, observed: [] as string[] };
  return Object.assign(counts, {
    observeRequest: (route: string, method: string, status: number) => {
      counts.observed.push(`${method} ${route} ${status}`);
    },
    increment: (name: string, kind?: string) => {
      if (name === 'cache_hits' && kind === 'hot-response') counts.hotHits += 1;
    },
  });
}

describe.skipIf(!available)('hot responses in front of the Node app (real Postgres and Redis)', () => {
  let database: TestDatabase;
  let client: IoRedisUpstash;
  const servers: RunningServer[] = [];
  let author: CreatedUser;
  let clockMs = Date.now();

  /** One Node instance over the shared database and Redis, as `start:node` builds it. */
  async function instance(overrides: Partial<Deps> = {}) {
    const metrics = countingMetrics();
    const cache = overrides.cache ?? createRedisCache(client.redis, { logger, prefix });
    const deps = await createTestDeps(database.handle.db, { cache, metrics, ...overrides });
    const hot = createHotResponses(deps, undefined, () => clockMs);
    const app = createApp(deps);
    const server = await startNodeServer({ app, host: '127.0.0.1', port: 0, logger, hot });
    servers.push(server);
    return { url: server.url, metrics, app };
  }

  const titleOf = async (response: Response) => ((await response.json()) as { post: { title: string } }).post.title;
  const renameBehindTheCache = (id: string, title: string) =>
    database.handle.db.update(posts).set({ title }).where(eq(posts.id, id));

  beforeAll(async () => {
    database = await createTestDatabase();
    client = createIoRedisUpstash({ url: redisUrl, timeoutMs: 1000 });
    await client.ready(2000);
    author = await createUser(database.handle.db);
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await deleteKeysWithPrefix(redisUrl, prefix);
    await client.close();
    await database.drop();
  });

  it('answers a repeated anonymous read from memory, byte for byte, with a request id of its own', async () => {
    const node = await instance();
    const post = await createTestPost(node.app, author, { title: 'Kept' });
    const first = await fetch(`${node.url}/api/posts/${post.slug}`);
    const firstBody = await first.text();
    await renameBehindTheCache(post.id, 'Changed behind the cache');
    const second = await fetch(`${node.url}/api/posts/${post.slug}`);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(firstBody);
    expect(node.metrics.hotHits).toBe(1);
    const headers = (r: Response) =>
      Object.fromEntries([...r.headers].filter(([k]) => !['date', 'x-request-id'].includes(k)));
    expect(headers(second)).toEqual(headers(first));
    expect(second.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(second.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('retires the copy as soon as a write on another instance has run', async () => {
    const [reader, writer] = [await instance(), await instance()];
    const post = await createTestPost(writer.app, author, { title: 'Before' });
    await fetch(`${reader.url}/api/posts/${post.slug}`);
    expect(await titleOf(await fetch(`${reader.url}/api/posts/${post.slug}`))).toBe('Before');
    const edit = await fetch(`${writer.url}/api/posts/${post.slug}`, {
      method: 'PATCH',
      headers: { ...author.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'After' }),
    });
    expect(edit.status).toBe(200);
    expect(await titleOf(await fetch(`${reader.url}/api/posts/${post.slug}`))).toBe('After');
  });

  it('answers 304 to a matching If-None-Match, and HEAD without a body', async () => {
    const node = await instance();
    const post = await createTestPost(node.app, author);
    const first = await fetch(`${node.url}/api/posts/${post.slug}`);
    const etag = first.headers.get('etag') ?? '';
    const length = (await first.arrayBuffer()).byteLength;
    const revalidated = await fetch(`${node.url}/api/posts/${post.slug}`, {
      headers: { 'if-none-match': `W/${etag}` },
    });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    const head = await fetch(`${node.url}/api/posts/${post.slug}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(length));
    expect(await head.text()).toBe('');
    expect(node.metrics.hotHits).toBe(2);
  });

  it('never answers a signed-in reader from a copy', async () => {
    const node = await instance();
    const post = await createTestPost(node.app, author, { title: 'Public' });
    await fetch(`${node.url}/api/posts/${post.slug}`);
    await renameBehindTheCache(post.id, 'Only the database knows');
    const signedIn = await fetch(`${node.url}/api/posts/${post.slug}`, { headers: author.headers });
    expect(await titleOf(signedIn)).toBe('Only the database knows');
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
    expect(node.metrics.hotHits).toBe(0);
  });

  it("keeps a copy no longer than the answer's s-maxage", async () => {
    const node = await instance();
    const post = await createTestPost(node.app, author);
    await fetch(`${node.url}/api/posts/${post.slug}`);
    await fetch(`${node.url}/api/posts/${post.slug}`);
    expect(node.metrics.hotHits).toBe(1);
    clockMs += 5_001;
    await fetch(`${node.url}/api/posts/${post.slug}`);
    expect(node.metrics.hotHits).toBe(1);
  });

  it('keeps CORS answers apart by Origin', async () => {
    const node = await instance();
    const allowed = await fetch(`${node.url}/api/tags`, { headers: { origin: 'http://allowed.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://allowed.example');
    const other = await fetch(`${node.url}/api/tags`, { headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const allowedAgain = await fetch(`${node.url}/api/tags`, { headers: { origin: 'http://allowed.example' } });
    expect(allowedAgain.headers.get('access-control-allow-origin')).toBe('http://allowed.example');
    expect(node.metrics.hotHits).toBe(1);
  });

  it("logs and counts a kept answer through the app's own access log, under the route that made the copy", async () => {
    const lines: string[] = [];
    const node = await instance({ logger: createJsonLogger('info', (line) => lines.push(line)) });
    const post = await createTestPost(node.app, author);
    for (let i = 0; i < 2; i++) await (await fetch(`${node.url}/api/posts/${post.slug}`)).arrayBuffer();
    expect(node.metrics.hotHits).toBe(1);
    expect(node.metrics.observed.slice(-2)).toEqual(['GET /api/posts/:slug 200', 'GET /api/posts/:slug 200']);
    const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
    const [built, replayed] = requests.slice(-2);
    expect(built).toMatchObject({ path: `/api/posts/${post.slug}`, route: '/api/posts/:slug', status: 200 });
    expect(built.cache).toBeUndefined();
    expect(replayed).toMatchObject({
      path: `/api/posts/${post.slug}`,
      route: '/api/posts/:slug',
      status: 200,
      cache: 'hot',
    });
    expect(replayed.requestId).not.toBe(built.requestId);
  });

  it('spends the per-IP API budget on kept answers too, with the contract headers', async () => {
    const base = await createTestDeps(database.handle.db);
    const node = await instance({
      config: {
        ...base.config,
        rateLimitsEnabled: true,
        rateLimitPolicies: { ...defaultRateLimitPolicies, 'api-ip': { limit: 3, windowSeconds: 60 } },
      },
    });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${node.url}/api/tags`);
      statuses.push(last.status);
      if (i === 1) expect(last.headers.get('ratelimit-remaining')).toBe('1');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(node.metrics.hotHits).toBe(2);
    expect(((await last?.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('serves from the database, never from copies, while the cache cannot be asked', async () => {
    const down = createIoRedisUpstash({ url: 'redis://127.0.0.1:1', timeoutMs: 200 });
    const node = await instance({ cache: createRedisCache(down.redis, { logger, prefix }) });
    const post = await createTestPost(node.app, author, { title: 'Degraded' });
    await fetch(`${node.url}/api/posts/${post.slug}`);
    await renameBehindTheCache(post.id, 'Fresh from Postgres');
    expect(await titleOf(await fetch(`${node.url}/api/posts/${post.slug}`))).toBe('Fresh from Postgres');
    expect(node.metrics.hotHits).toBe(0);
    await down.close();
  });
});
