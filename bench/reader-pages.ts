import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { freePort, startProcess, waitForOk } from '../test/support/processes';
import { pngImage } from '../web/e2e/support';
import { describeLoad } from './report';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const runs = 3;

export interface LighthouseFigures {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
}

export interface ReaderPageFigures {
  at: Date;
  post: LighthouseFigures;
  home: LighthouseFigures;
  /** Gzipped JavaScript a signed-out reader's post page loads until the network is idle. */
  postJsGzipBytes: number;
  postScripts: string[];
}

/** A post like a real one: a cover image of the site's own media and a code block. */
async function seedPost(origin: string): Promise<string> {
  const json = { 'Content-Type': 'application/json' };
  const id = `bench${Date.now().toString(36)}`;
  const registered = await fetch(`${origin}/api/auth/register`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: `${id}@example.com`, username: id, password: 'correct horse battery staple' }),
  });
  const { accessToken } = (await registered.json()) as { accessToken: string };
  const auth = { Authorization: `Bearer ${accessToken}` };
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(pngImage(1200, 630))], { type: 'image/png' }), 'cover.png');
  const uploaded = await fetch(`${origin}/api/media`, { method: 'POST', headers: auth, body: form });
  const { media } = (await uploaded.json()) as { media: { url: string } };
  const body = [
    'Readers on a phone get this page rendered, compressed and cached.',
    '',
    '```ts',
    'export function greet(name: string): string {',
    "  return 'Hello, ' + name + '!';",
    '}',
    '```',
    '',
    'The rest of the article follows the code. '.repeat(20),
  ].join('\n');
  const created = await fetch(`${origin}/api/posts`, {
    method: 'POST',
    headers: { ...json, ...auth },
    body: JSON.stringify({
      title: 'A post with a cover and a code block',
      body,
      status: 'published',
      tags: ['bench'],
      coverImage: { url: media.url, alt: 'A colour gradient' },
    }),
  });
  return ((await created.json()) as { post: { slug: string } }).post.slug;
}

const median = <T>(values: T[], by: (value: T) => number): T => {
  const sorted = [...values].sort((a, b) => by(a) - by(b));
  return sorted[Math.floor(sorted.length / 2)] as T;
};

/** Lighthouse's default (mobile) preset, three runs, the median by performance score. */
async function lighthouseMedian(url: string): Promise<LighthouseFigures> {
  const figures: LighthouseFigures[] = [];
  for (let i = 0; i < runs; i += 1) {
    const chrome = await chromeLauncher.launch({
      chromePath: chromiumPath,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      });
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`lighthouse gave no result for ${url}`);
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
      figures.push({
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        seo: score('seo'),
        lcpMs: audit('largest-contentful-paint'),
        tbtMs: audit('total-blocking-time'),
        cls: audit('cumulative-layout-shift'),
      });
    } finally {
      await chrome.kill();
    }
  }
  return median(figures, (f) => f.performance);
}

/** The scripts a signed-out reader's browser loads for `url` until the network is idle, gzipped. */
async function readerJavaScript(url: string): Promise<{ bytes: number; scripts: string[] }> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const bodies: Promise<{ name: string; bytes: number }>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      const name = new URL(response.url()).pathname;
      bodies.push(response.body().then((body) => ({ name, bytes: gzipSync(body, { level: 9 }).length })));
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    const loaded = await Promise.all(bodies);
    return { bytes: loaded.reduce((sum, s) => sum + s.bytes, 0), scripts: loaded.map((s) => s.name) };
  } finally {
    await browser.close();
  }
}

/** The embedded target (`npm start`) with demo content and one post of our own, measured as a phone sees it. */
export async function measureReaderPages(): Promise<ReaderPageFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'edgepress-bench-reader-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = startProcess('npm', ['start'], {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  });
  try {
    await waitForOk(`${origin}/api/health`, server, 120_000);
    const slug = await seedPost(origin);
    const postUrl = `${origin}/p/${slug}`;
    const js = await readerJavaScript(postUrl);
    return {
      at: new Date(),
      post: await lighthouseMedian(postUrl),
      home: await lighthouseMedian(`${origin}/`),
      postJsGzipBytes: js.bytes,
      postScripts: js.scripts,
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const row = (name: string, f: LighthouseFigures) =>
  `| ${name} | ${f.performance} | ${f.accessibility} | ${f.bestPractices} | ${f.seo} | ${(f.lcpMs / 1000).toFixed(2)} s | ${Math.round(f.tbtMs)} ms | ${f.cls.toFixed(3)} |`;

export const readerPagesMarkers = ['<!-- reader-pages:start -->', '<!-- reader-pages:end -->'] as const;

/** The section of docs/benchmarks.md for reader pages on a phone. */
export function renderReaderPages(figures: ReaderPageFigures, load: number): string {
  const forbidden = figures.postScripts.filter((name) => /(editor|admin|settings)/.test(name));
  return [
    readerPagesMarkers[0],
    '## Reader pages on a phone (embedded target)',
    '',
    `Lighthouse 12.2.3, default mobile preset (simulated slow 4G, 4× CPU slowdown), Debian Chromium, median of ${runs} runs by performance score; ${figures.at.toISOString()}, ${describeLoad(load, 'scores read low, as Lighthouse slows the CPU work it recorded 4×')}.`,
    '',
    '| page | performance (target ≥ 95) | accessibility (100) | best practices (100) | SEO (100) | LCP | TBT | CLS |',
    '|---|---|---|---|---|---|---|---|',
    row('post with cover and code block', figures.post),
    row('home', figures.home),
    '',
    `JavaScript a signed-out reader's post page loads until the network is idle: **${kib(figures.postJsGzipBytes)} KiB gzipped** (target ≤ 113 KiB) in ${figures.postScripts.length} files; editor, admin or settings code among them: ${forbidden.length === 0 ? 'none' : forbidden.join(', ')}.`,
    readerPagesMarkers[1],
  ].join('\n');
}

export function spliceReaderPages(markdown: string, section: string): string {
  const start = markdown.indexOf(readerPagesMarkers[0]);
  const end = markdown.indexOf(readerPagesMarkers[1]);
  if (start < 0 || end < 0) return `${markdown.trimEnd()}\n\n${section}\n`;
  return markdown.slice(0, start) + section + markdown.slice(end + readerPagesMarkers[1].length);
}
