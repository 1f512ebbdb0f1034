import type { AddressInfo, createServer } from 'node:net';
import { serve } from '@hono/node-server';
import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comments } from '../db/schema';
import { createTestDeps } from '../test/support/deps';
import { createUser } from '../test/support/factories';
import { nginxBinary } from '../test/support/nginx';
import { createTestDatabase, type TestDatabase } from '../test/support/postgres';
import { postgresAvailable } from '../test/support/services';
import { createApp } from '../worker/src/app';
import { probeCommits } from './commit-probe';
import { commentScenario } from './http-scenarios';
import { renderReport } from './report';
import { searchTerm, seedPosts } from './seed';
import { startStaticNginx } from './static-nginx';
import { measureGet, measureInTurns, wrkBinary } from './wrk';

const tools = Boolean(wrkBinary && nginxBinary);
if (!tools) console.warn('\n!!! SKIPPING the bench smoke test: wrk or nginx is not installed !!!\n');
const available = tools && (await postgresAvailable());
const quick = { durationSeconds: 1, warmupSeconds: 0, connections: 4 };

// The bench's own pieces end to end, tiny: seeding, wrk, the static baseline, the fixed-rate
// comment run and the report, against the app in this process (the real bench builds it).
describe.skipIf(!available)('npm run bench, in miniature', () => {
  let database: TestDatabase;
  let apiUrl: string;
  let close: () => void;
  let slugs: string[];
  let served = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    slugs = await seedPosts(database.handle.db, 20);
    const app = createApp(await createTestDeps(database.handle.db));
    const counted: typeof app.fetch = (...args) => {
      served += 1;
      return app.fetch(...args);
    };
    const server = serve({ fetch: counted, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => (server as ReturnType<typeof createServer>).once('listening', resolve));
    apiUrl = `http://127.0.0.1:${((server as ReturnType<typeof createServer>).address() as AddressInfo).port}`;
    close = () => server.close();
  });

  afterAll(async () => {
    close?.();
    await database?.drop();
  });

  it('seeds published posts that the post, list and search routes answer', async () => {
    expect(slugs).toHaveLength(20);
    expect((await fetch(`${apiUrl}/api/posts/${slugs[0]}`)).status).toBe(200);
    const search = (await (await fetch(`${apiUrl}/api/search?q=${searchTerm}`)).json()) as { items: unknown[] };
    expect(search.items.length).toBeGreaterThan(0);
  });

  it('measures a post read and the nginx static baseline with wrk, without errors', async () => {
    const post = await measureGet(`${apiUrl}/api/posts/${slugs[0]}`, quick);
    const bytes = new Uint8Array(await (await fetch(`${apiUrl}/api/posts/${slugs[0]}`)).arrayBuffer());
    const nginx = await startStaticNginx(bytes);
    try {
      expect(await (await fetch(nginx.url)).text()).toBe(new TextDecoder().decode(bytes));
      const baseline = await measureGet(nginx.url, quick);
      expect(post.rps).toBeGreaterThan(0);
      expect(baseline.rps).toBeGreaterThan(0);
      expect([post.errors, baseline.errors]).toEqual([0, 0]);
      const markdown = renderReport({
        startedAt: new Date(),
        environment: [],
        notes: ['RATE_LIMITS=off'],
        baselineRps: baseline.rps,
        rows: [{ scenario: 'post', ...post, target: { text: '≥ 0.03×', met: true } }],
        fanout: [],
      });
      expect(markdown).toContain('| post |');
    } finally {
      await nginx.stop();
    }
  });

  it('measures two URLs in alternating turns, counting every request of every turn', async () => {
    const bytes = new Uint8Array(await (await fetch(`${apiUrl}/api/posts/${slugs[0]}`)).arrayBuffer());
    const nginx = await startStaticNginx(bytes);
    try {
      const before = served;
      const [post, baseline] = await measureInTurns([`${apiUrl}/api/posts/${slugs[0]}`, nginx.url], quick, {
        count: 2,
        seconds: 1,
      });
      // Two turns of one second each: the rate is what the app itself answered over those two seconds.
      const answered = (served - before) / 2;
      expect(post?.rps).toBeGreaterThan(answered * 0.8);
      expect(post?.rps).toBeLessThan(answered * 1.2);
      expect(baseline?.rps).toBeGreaterThan(0);
      expect([post?.errors, baseline?.errors]).toEqual([0, 0]);
    } finally {
      await nginx.stop();
    }
  });

  it('posts comments at a fixed rate and every one is stored', async () => {
    const reader = await createUser(database.handle.db);
    const result = await commentScenario(apiUrl, slugs, reader.accessToken, 20, 1, 0);
    expect(result.errors).toBe(0);
    const [stored] = await database.handle.db.select({ n: count() }).from(comments);
    expect(stored?.n).toBe(20);
  });

  it('probes durable one-row commits at a fixed rate, each one stored', async () => {
    const result = await probeCommits(database.url, 20, 1);
    expect(result.errors).toBe(0);
    expect(result.p99).toBeGreaterThanOrEqual(result.p50);
    const stored = await database.handle.db.execute(sql`select count(*)::int as n from bench_commit_probe`);
    expect((stored as unknown as { rows: unknown[] }).rows).toEqual([{ n: 20 }]);
  });
});
