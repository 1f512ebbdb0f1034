import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { httpsRequest } from '../test/support/https-client';
import { startNginx } from '../test/support/nginx';
import { createTestDatabase } from '../test/support/postgres';
import { freePort } from '../test/support/processes';
import { relaxedRates } from './micro-cache';
import { startNodeTarget } from './node-target';
import type { Row } from './report';
import { describeLoad } from './report';
import { seedPosts } from './seed';
import { startStaticNginx } from './static-nginx';
import { type LoadOptions, measureGet, measureInTurns, type Turns } from './wrk';

/**
 * `npm run bench -- post-page`: a rendered post page (issue 16) on the Node target, beside nginx
 * serving the same page as a file. Every client asks with `Accept-Encoding: gzip, br`, as browsers
 * do: Node answers brotli (compressed once, kept compressed in its replay of recent answers), and
 * Debian's nginx, which has no brotli, sends the page's .gz written beside it (gzip_static, sendfile),
 * its fastest way to send it.
 */
const markers = ['<!-- post-page -->', '<!-- /post-page -->'] as const;
const acceptEncoding = { 'Accept-Encoding': 'gzip, br' };

export interface PostPageFigures {
  at: Date;
  loads: number[];
  pageBytes: { html: number; gzip: number; brotli: number };
  cacheStatuses: string[];
  rows: Row[];
  options: { load: LoadOptions; turns: Turns; posts: number };
}

/** The project's nginx in front of the cached instance, the page also as a build file under /assets/ (gzip_static there). */
async function startProjectNginx(apiPort: number, html: Uint8Array) {
  const webRoot = mkdtempSync(join(tmpdir(), 'edgepress-bench-page-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>bench</title>');
  writeFileSync(join(webRoot, 'assets', 'post.html'), html);
  writeFileSync(join(webRoot, 'assets', 'post.html.gz'), gzipSync(html, { level: 9 }));
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const nginx = await startNginx({ apiPorts: [apiPort], httpPort, httpsPort, webRoot, rates: relaxedRates });
  return { nginx, origin: `https://127.0.0.1:${httpsPort}` };
}

/** How many bytes a server sends for `url` in `encoding` (fetch would decompress them). */
function bytesSent(url: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'Accept-Encoding': encoding } }, (res) => {
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.length;
      });
      res.on('end', () => resolve(res.headers['content-encoding'] === encoding ? length : Number.NaN));
    }).on('error', reject);
  });
}

export async function measurePostPage(
  load: LoadOptions,
  turns: Turns,
  posts: number,
  log: (line: string) => void,
): Promise<PostPageFigures> {
  const at = new Date();
  const loads = [loadavg()[0] ?? 0];
  const stops: (() => Promise<void>)[] = [];
  try {
    const database = await createTestDatabase();
    stops.push(() => database.drop());
    log(`seeding ${posts} posts`);
    const slugs = await seedPosts(database.handle.db, posts);
    await database.handle.db.execute(sql`vacuum analyze`);
    const slug = slugs[Math.floor(posts / 2)] ?? '';
    const path = `/p/${slug}`;
    log('building and starting the Node target twice (CACHE=off and CACHE=on)');
    const redisDb = 1 + Math.floor(Math.random() * 15);
    const [uncached, cached] = await Promise.all([
      startNodeTarget(database, 'off', redisDb),
      startNodeTarget(database, 'on', redisDb),
    ]);
    stops.push(
      () => uncached.process.stop(),
      () => cached.process.stop(),
    );
    const page = await fetch(`${cached.url}${path}`);
    if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
    const html = new Uint8Array(await page.arrayBuffer());
    if (!new TextDecoder().decode(html).includes('id="app-data"')) throw new Error(`${path} was not rendered`);
    const pageBytes = {
      html: html.length,
      gzip: gzipSync(html, { level: 9 }).length,
      brotli: await bytesSent(`${cached.url}${path}`, 'br'),
    };
    const staticPage = await startStaticNginx(html, { fileName: 'post.html', gzipStatic: true });
    stops.push(staticPage.stop);
    const project = await startProjectNginx(Number(new URL(cached.url).port), html);
    stops.push(() => project.nginx.stop());
    const withEncoding = { ...load, headers: acceptEncoding };

    log('nginx static page and the cached instance, in turns');
    const [staticRun, cachedRun] = await measureInTurns([staticPage.url, `${cached.url}${path}`], withEncoding, turns);
    loads.push(loadavg()[0] ?? 0);
    log('the project nginx: the page as a file over HTTPS and through the micro-cache, in turns');
    const cacheStatuses: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await httpsRequest(`${project.origin}${path}`, project.nginx.certificate, {
        headers: acceptEncoding,
      });
      cacheStatuses.push(String(response.headers['x-cache-status'] ?? 'none'));
    }
    const [tlsStaticRun, microRun] = await measureInTurns(
      [`${project.origin}/assets/post.html`, `${project.origin}${path}`],
      withEncoding,
      turns,
    );
    loads.push(loadavg()[0] ?? 0);
    log('the uncached instance: every request read from the database and rendered');
    const uncachedRun = await measureGet(`${uncached.url}${path}`, withEncoding);
    loads.push(loadavg()[0] ?? 0);

    const baseline: Row = { scenario: 'nginx static file, plain HTTP (the page, its .gz sent)', ...staticRun! };
    const cachedRow: Row = {
      scenario: 'Node cached: GET post page (rendered once, replayed from memory, brotli)',
      ...cachedRun!,
      target: { text: '≥ 0.5×', met: cachedRun!.rps / baseline.rps >= 0.5 },
    };
    const tlsStatic: Row = {
      scenario: 'nginx static file through the project config (HTTPS, gzip_static)',
      ...tlsStaticRun!,
    };
    const micro: Row = {
      scenario: `nginx micro-cache → Node cached: GET post page (HTTPS; X-Cache-Status ${cacheStatuses.join(',')})`,
      ...microRun!,
      baseline: { name: 'HTTPS static', rps: tlsStatic.rps },
      target: { text: '≥ 0.8× HTTPS static', met: microRun!.rps / tlsStatic.rps >= 0.8 },
    };
    const uncachedRow: Row = {
      scenario: 'Node uncached (CACHE=off): GET post page (database + rendering, brotli)',
      ...uncachedRun,
    };
    return {
      at,
      loads,
      pageBytes,
      cacheStatuses,
      rows: [baseline, cachedRow, tlsStatic, micro, uncachedRow],
      options: { load, turns, posts },
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

const fixed = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

export function renderPostPage(figures: PostPageFigures): string {
  const [baseline] = figures.rows;
  const baselineRps = baseline?.rps ?? Number.NaN;
  const { load, turns, posts } = figures.options;
  const ratio = (row: Row) => {
    const plain = `${fixed(row.rps / baselineRps, 3)}×`;
    return row.baseline ? `${plain} (${fixed(row.rps / row.baseline.rps, 3)}× ${row.baseline.name})` : plain;
  };
  return `${markers[0]}
## Rendered post page on the Node target, beside nginx (\`npm run bench -- post-page\`)

Run at ${figures.at.toISOString()}. 1-minute load average at start / after the cached pair / after the micro-cache pair / after the uncached run: ${figures.loads.map((x) => x.toFixed(2)).join(' / ')}: ${describeLoad(figures.loads[0] ?? 0, 'read the ratios, not the absolute figures, and rerun on a quiet machine for those')}.

- The page: \`/p/<slug>\` of one of ${posts} seeded posts, rendered (article, head, the first page of comments, the query cache the browser resumes from): ${figures.pageBytes.html} bytes of HTML, ${figures.pageBytes.gzip} gzipped (level 9, what nginx sends), ${figures.pageBytes.brotli} as Node's brotli.
- Every client sends \`Accept-Encoding: gzip, br\`. nginx (Debian's, no brotli module) serves the same HTML as a file with its .gz beside it (gzip_static, sendfile); Node (\`npm run start:node\`, NODE_ENV=production, one process, RATE_LIMITS=off, PostgreSQL and Redis local) answers brotli.
- "cached" is an instance with the cache on: it replays a recent signed-out page from memory, compressed once, while the public-content version it was made under is current (ADR 0053, ADR 0092). "uncached" runs with \`CACHE=off\`: every request reads the database and renders.
- The micro-cache rows use the project's nginx config (deploy/nginx, rendered by test/support/nginx.ts, relaxed rate-limit zones) over HTTPS; its yardstick is the same page served by that config as a build file under /assets/ (gzip_static).
- wrk, 1 thread, ${load.connections} connections, keep-alive. Each ratio's two sides are measured in ${turns.count} alternating turns of ${turns.seconds} s after a ${load.warmupSeconds} s warm-up (rps over all turns, p50/p99 the turns' medians); the uncached row is one ${load.durationSeconds} s run.

| scenario | rps | p50 ms | p99 ms | × nginx static | target | errors |
|---|---:|---:|---:|---:|---|---:|
${figures.rows
  .map(
    (row) =>
      `| ${row.scenario} | ${fixed(row.rps, 0)} | ${fixed(row.p50, 2)} | ${fixed(row.p99, 2)} | ${ratio(row)} | ${
        row.target ? `${row.target.text} ${row.target.met ? '✅ met' : '❌ missed'}` : ''
      } | ${row.errors} |`,
  )
  .join('\n')}
${markers[1]}`;
}

/**
 * Replaces the post-page section of docs/benchmarks.md, or puts it before the image-bytes section
 * (which a whole run keeps as it is, to its end), else at the end.
 */
export function splicePostPage(markdown: string, section: string): string {
  const start = markdown.indexOf(markers[0]);
  const end = markdown.indexOf(markers[1]);
  if (start < 0 || end < 0) {
    const images = markdown.indexOf('<!-- image-bytes -->');
    if (images < 0) return `${markdown.trimEnd()}\n\n${section}\n`;
    return `${markdown.slice(0, images)}${section}\n\n${markdown.slice(images)}`;
  }
  return markdown.slice(0, start) + section + markdown.slice(end + markers[1].length);
}
