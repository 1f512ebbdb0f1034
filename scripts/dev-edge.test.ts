import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, postgresUrlBase, redisAvailable } from '../test/support/services';

const available = (await postgresAvailable()) && (await redisAvailable());

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
}

describe.skipIf(!available)('npm run dev:edge', () => {
  const database = `ep_dev_edge_${process.pid}`;
  let dir: string;
  let stack: ChildProcess;
  let output = '';
  const ports = { api: 0, rooms: 0, neon: 0, upstash: 0, mail: 0 };

  beforeAll(async () => {
    for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
    dir = await mkdtemp(join(tmpdir(), 'edgepress-dev-edge-'));
    const example = await readFile('.dev.vars.example', 'utf8');
    const vars = example
      .replace(/^DATABASE_URL=.*$/m, `DATABASE_URL=${postgresUrlBase}/${database}`)
      .replace(/^NEON_WS_PROXY=.*$/m, `NEON_WS_PROXY=127.0.0.1:${ports.neon}`)
      .replace(/^UPSTASH_REDIS_REST_URL=.*$/m, `UPSTASH_REDIS_REST_URL=http://127.0.0.1:${ports.upstash}`)
      .replace(/^MAIL_API_URL=.*$/m, `MAIL_API_URL=http://127.0.0.1:${ports.mail}`)
      .replace(/^REALTIME_URL=.*$/m, `REALTIME_URL=http://127.0.0.1:${ports.rooms}`)
      .replace(/^PUBLIC_URL=.*$/m, `PUBLIC_URL=http://127.0.0.1:${ports.api}`);
    await writeFile(join(dir, 'dev.vars'), vars);
    // One process (no npx or tsx wrapper), so the signal reaches dev-edge itself as Ctrl-C would.
    stack = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev-edge.ts', '--vars', join(dir, 'dev.vars')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stack.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    stack.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
  });

  afterAll(async () => {
    if (stack.exitCode === null) {
      stack.kill('SIGTERM');
      await once(stack, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: `${postgresUrlBase}/postgres` });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  it('serves the Worker against Postgres and Redis through both proxies, and the rooms', async () => {
    await expect
      .poll(
        async () => {
          const res = await fetch(`http://127.0.0.1:${ports.api}/api/health`).catch(() => undefined);
          return res?.ok ? res.json() : output.slice(-2000);
        },
        { timeout: 150_000, interval: 1000 },
      )
      .toEqual({ status: 'ok', checks: { db: 'ok', redis: 'ok' } });
    await expect.poll(() => listening(ports.rooms), { timeout: 60_000, interval: 1000 }).toBe(true);
  }, 220_000);

  it('serves the whole site from the Worker, as deployed: rendered reader pages, app pages and build files', async () => {
    const site = `http://127.0.0.1:${ports.api}`;
    const home = await fetch(`${site}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('x-request-id')).not.toBeNull();
    const homeHtml = await home.text();
    expect(homeHtml).toContain('<link rel="canonical" href=');
    expect(homeHtml).toContain('<script type="application/json" id="app-data">');
    // Every other app page comes from the Worker too: the shell, with the app's security headers.
    const login = await fetch(`${site}/login`);
    expect(login.status).toBe(200);
    expect(login.headers.get('x-request-id')).not.toBeNull();
    expect(login.headers.get('content-security-policy')).toContain("script-src 'self'");
    const shell = await login.text();
    expect(shell).toContain('<div id="root"><!--app-html--></div>');
    // No Worker behind the build's files: the asset store answers, and a missing one is a 404.
    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(shell)?.[1] ?? '';
    const asset = await fetch(`${site}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('x-request-id')).toBeNull();
    expect((await fetch(`${site}/assets/no-such-chunk.js`)).status).toBe(404);
    for (const path of ['/p/no-such-post', '/t/no-such-tag', '/@nobody_at_all']) {
      const page = await fetch(`${site}${path}`);
      expect(page.status, path).toBe(404);
      expect(page.headers.get('content-type'), path).toMatch(/^text\/html/);
    }
    expect((await fetch(`${site}/robots.txt`)).headers.get('x-request-id')).not.toBeNull();
    expect((await fetch(`${site}/search?q=x`)).headers.get('x-request-id')).not.toBeNull();
    expect((await fetch(`${site}/api/nope`)).status).toBe(404);
  }, 60_000);

  it('stops every process and frees every port on SIGTERM', async () => {
    stack.kill('SIGTERM');
    const [code] = await once(stack, 'exit');
    expect(code).toBe(0);
    for (const port of [ports.api, ports.rooms]) expect(await listening(port)).toBe(false);
    expect(output).toContain('"msg":"stopped"');
  }, 30_000);
});
