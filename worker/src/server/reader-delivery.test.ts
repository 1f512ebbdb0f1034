import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDeps } from '#test/deps';
import { type CreatedUser, createUser } from '#test/factories';
import { call, createTestPost } from '#test/post-factories';
import { createTestDatabase, type TestDatabase } from '#test/postgres';
import { postgresAvailable } from '#test/services';
import { createJsonLogger } from '../adapters/shared/json-logger';
import { createApp } from '../app';
import type { Deps, Metrics } from '../ports';
import { diskWebBuild } from './disk-web-build';
import { createHotResponses } from './hot-responses';
import { type RunningServer, startNodeServer } from './node-server';
import { webApp } from './static-web';

const available = await postgresAvailable();
const logger = createJsonLogger('error');

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as the client reads it, decoded from whatever encoding it came in. */
  text: string;
  bytes: number;
}

/** A raw HTTP GET (fetch would decode silently and hide what went over the wire). */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const decode =
          raw.length === 0
            ? undefined
            : encoding === 'br'
              ? brotliDecompressSync
              : encoding === 'gzip'
                ? gunzipSync
                : undefined;
        const decoded = decode ? decode(raw) : raw;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: decoded.toString(), bytes: raw.length });
      });
    })
      .on('error', reject)
      .end();
  });
}

describe.skipIf(!available)('reader pages from the Node server: compressed, and kept compressed', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let author: CreatedUser;
  let app: ReturnType<typeof createApp>;
  let deps: Deps;
  const metrics = { hotHits: 0 };

  beforeAll(async () => {
    database = await createTestDatabase();
    author = await createUser(database.handle.db);
    const counting: Metrics = {
      observeRequest: () => {},
      increment: (name, kind) => {
        if (name === 'cache_hits' && kind === 'hot-response') metrics.hotHits += 1;
      },
    };
    deps = await createTestDeps(database.handle.db, { metrics: counting, webBuild: diskWebBuild('web/dist') });
    app = createApp(deps, { web: webApp('web/dist', logger) });
    server = await startNodeServer({
      app,
      host: '127.0.0.1',
      port: 0,
      logger,
      hot: createHotResponses(deps),
    });
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('sends a rendered post page with brotli or gzip as asked, and the same page to every reader', async () => {
    const post = await createTestPost(app, author, { title: 'Compressed page', body: 'Words. '.repeat(300) });
    const url = `${server.url}/p/${post.slug}`;
    const plain = await get(url);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
    const br = await get(url, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    const gzip = await get(url, { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.text).toBe(plain.text);
    expect(gzip.text).toBe(plain.text);
    expect(plain.text).toContain('Compressed page');
    expect(br.bytes).toBeLessThan(plain.bytes / 3);
    expect(br.headers.etag).toBe(`W/${plain.headers.etag}`);
  });

  it('answers repeated signed-out page loads from memory, compressed once, and never a signed-in visitor', async () => {
    const post = await createTestPost(app, author, { title: 'Hot page' });
    const url = `${server.url}/p/${post.slug}`;
    await get(url, { 'Accept-Encoding': 'br' });
    // The copy's compressed bodies are made just after the first answer leaves.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = metrics.hotHits;
    const hot = await get(url, { 'Accept-Encoding': 'br' });
    expect(metrics.hotHits).toBe(before + 1);
    expect(hot.headers['content-encoding']).toBe('br');
    expect(hot.text).toContain('Hot page');
    const revalidated = await get(url, { 'Accept-Encoding': 'br', 'If-None-Match': String(hot.headers.etag) });
    expect(revalidated.status).toBe(304);
    const signedIn = await get(url, { 'Accept-Encoding': 'br', Cookie: 'theme=dark; signed_in=1' });
    expect(signedIn.status).toBe(200);
    expect(metrics.hotHits).toBe(before + 2);
  });

  it('renews an expired page copy with one render while the other readers get the copy', async () => {
    let clockMs = Date.now();
    const own = await startNodeServer({
      app,
      host: '127.0.0.1',
      port: 0,
      logger,
      hot: createHotResponses(deps, undefined, () => clockMs),
    });
    try {
      const post = await createTestPost(app, author, { title: 'Renewed page' });
      const url = `${own.url}/p/${post.slug}`;
      await get(url, { 'Accept-Encoding': 'br' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Past the page's s-maxage (5 s), within its stale-while-revalidate (25 s).
      clockMs += 5_001;
      const before = metrics.hotHits;
      const burst = await Promise.all(Array.from({ length: 8 }, () => get(url, { 'Accept-Encoding': 'br' })));
      expect(metrics.hotHits - before).toBe(7);
      for (const answer of burst) {
        expect(answer.headers['content-encoding']).toBe('br');
        expect(answer.text).toContain('Renewed page');
      }
      // Past both: the copy is not served, not even while another request renews it.
      clockMs += 31_000;
      const late = metrics.hotHits;
      await Promise.all([get(url), get(url)]);
      expect(metrics.hotHits).toBe(late);
    } finally {
      await own.close();
    }
  });

  it('shows an author’s write to the next signed-out reader at once', async () => {
    const post = await createTestPost(app, author, { title: 'Old title' });
    const url = `${server.url}/p/${post.slug}`;
    await get(url);
    expect((await get(url)).text).toContain('Old title');
    const edited = await call(app, 'PATCH', `/api/posts/${post.slug}`, author, { title: 'New title' });
    expect(edited.status).toBe(200);
    expect((await get(url)).text).toContain('New title');
  });

  it('serves the build’s files precompressed at build time', async () => {
    // A script big enough to have been compressed (the entry script is now a tiny loader).
    const assets = readdirSync('web/dist/assets');
    const script = assets.find((name) => name.endsWith('.js') && assets.includes(`${name}.br`)) ?? '';
    const answer = await get(`${server.url}/assets/${script}`, { 'Accept-Encoding': 'gzip, br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.bytes).toBe(readFileSync(`web/dist/assets/${script}.br`).length);
    expect(answer.text).toBe(readFileSync(`web/dist/assets/${script}`, 'utf8'));
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});
