import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatedUser, createUser } from '#test/factories';
import { createTestDatabase, type TestDatabase } from '#test/postgres';
import { postgresAvailable } from '#test/services';
import { type Edge, edgeRedisAvailable, startEdge, startEdgeServices } from '#test/workerd-edge';
import { edgeFreshness } from '#worker/cache/public-content';

const available = (await postgresAvailable()) && edgeRedisAvailable();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * ADR 0092 with the real Worker: two isolates of it in one workerd (one data centre's Cache API),
 * the content version in Redis through Upstash REST. A write through one isolate retires what the
 * other serves within `versionCheckMs`; the clock is the real one (the Worker takes no other), so
 * the bound is measured. The same promise under a clock the test moves: worker/test/workers/edge-freshness.test.ts.
 */
describe.skipIf(!available)('the edge cache across isolates of the Worker in workerd', () => {
  let database: TestDatabase;
  let edge: Edge;
  let services: Awaited<ReturnType<typeof startEdgeServices>>;
  let author: CreatedUser;
  let slug: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    services = await startEdgeServices(database.url);
    edge = await startEdge({
      bindings: services.bindings,
      isolates: ['writer', 'reader'],
    });
    author = await createUser(database.handle.db);
    const created = await edge.fetch(
      '/api/posts',
      {
        method: 'POST',
        headers: { ...author.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Cached at the edge', body: 'First words.', status: 'published' }),
      },
      'writer',
    );
    ({ slug } = ((await created.json()) as { post: { slug: string } }).post);
  }, 180_000);
  afterAll(async () => {
    await edge?.close();
    await services?.close();
    await database?.drop();
  });

  const read = async (isolate: string) => {
    const res = await edge.fetch(`/api/posts/${slug}`, {}, isolate);
    const { post } = (await res.json()) as { post: { html: string } };
    return { html: post.html, cache: res.headers.get('x-edge-cache') };
  };

  const edit = (body: string) =>
    edge.fetch(
      `/api/posts/${slug}`,
      {
        method: 'PATCH',
        headers: { ...author.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ body }),
      },
      'writer',
    );

  it("serves one isolate's copy from another, and retires it within the version check after a write elsewhere", async () => {
    expect(await read('reader')).toEqual({ html: expect.stringContaining('First words.'), cache: 'MISS' });
    expect(await read('writer')).toEqual({ html: expect.stringContaining('First words.'), cache: 'HIT' });
    expect(await read('reader')).toMatchObject({ cache: 'HIT' });

    expect((await edit('Second thoughts.')).status).toBe(200);
    const written = performance.now();
    let staleReads = 0;
    let seen = await read('reader');
    while (
      !seen.html.includes('Second thoughts.') &&
      performance.now() - written < edgeFreshness.versionCheckMs + 2000
    ) {
      // Until it looks at the version again, the other isolate may serve the copy it knows, and nothing older.
      expect(seen).toEqual({ html: expect.stringContaining('First words.'), cache: 'HIT' });
      staleReads += 1;
      await sleep(100);
      seen = await read('reader');
    }
    const staleMs = Math.round(performance.now() - written);
    console.log(JSON.stringify({ suite: 'edge cache across isolates', staleMs, staleReads }));
    expect(seen.html).toContain('Second thoughts.');
    // The reader last looked before the write, so only the last poll's sleep and request add to the bound.
    expect(staleMs).toBeLessThanOrEqual(edgeFreshness.versionCheckMs + 1000);
  });

  it('shows a write at once to the isolate that made it', async () => {
    expect(await read('writer')).toMatchObject({ cache: 'HIT' });
    expect((await edit('Third draft.')).status).toBe(200);
    expect((await read('writer')).html).toContain('Third draft.');
  });
});
