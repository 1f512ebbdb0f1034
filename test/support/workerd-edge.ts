import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare, type WorkerOptions } from 'miniflare';
import { startNeonWsProxy } from '../../tools/neon-ws-proxy/proxy';
import { createUpstashRestProxy } from '../../tools/upstash-rest-proxy/server';
import { testConfig } from './deps';
import { redisServerInstalled, startPrivateRedis } from './private-redis';

const root = new URL('../..', import.meta.url).pathname;

/**
 * The test config's keys, so the factories' access tokens (#test/factories) hold on the Worker and
 * rooms started with `testConfig.realtime.secret` take its publishes.
 */
const edgeSecrets = {
  JWT_KEYS: JSON.stringify(testConfig.jwt.keys),
  REALTIME_SECRET: testConfig.realtime.secret,
  RATE_LIMITS: 'off',
};

export interface EdgeOptions {
  /** Bindings on top of wrangler.toml's [vars] and the test keys: DATABASE_URL, NEON_WS_PROXY, REALTIME_URL... */
  bindings: Record<string, string>;
  /** Names of the Worker copies to run: each is its own isolate, all share this data centre's Cache API. */
  isolates?: string[];
}

export interface Edge {
  /** `http://127.0.0.1:<port>` of the first isolate, as PartyKit's API_URL or a browser would call it. */
  url: string;
  /** A request to one isolate (the first by default). */
  fetch(path: string, init?: RequestInit, isolate?: string): Promise<Response>;
  /** The cron trigger of wrangler.toml, fired on one isolate; resolves once the handler and its waitUntil work end. */
  scheduled(isolate?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The production bundle, as `wrangler deploy` would upload it (entry.workers.ts with wrangler.toml,
 * wasm modules beside it), in a temporary folder the caller removes.
 */
async function bundle(): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'edgepress-worker-'));
  await promisify(execFile)('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    timeout: 180_000,
  });
  return outdir;
}

/**
 * Runs the real Worker in workerd through Miniflare: the bundle `wrangler deploy` makes, with
 * wrangler.toml's bindings (R2, Images, compatibility flags). The static assets are left out: the
 * suites using this call the API, and a missing ASSETS binding would only affect the reader pages'
 * shell. Several isolates of one Worker can run side by side, as in one data centre.
 */
export async function startEdge({ bindings, isolates = ['edge'] }: EdgeOptions): Promise<Edge> {
  // Loading wrangler takes seconds: alongside the bundle rather than after it.
  const [outdir, { unstable_getMiniflareWorkerOptions }] = await Promise.all([bundle(), import('wrangler')]);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(root, 'wrangler.toml'));
  const { assets: _assets, ...fromToml } = workerOptions;
  const worker = (name: string) =>
    ({
      ...fromToml,
      name,
      modulesRoot: outdir,
      // Listed rather than discovered (the bundle keeps dynamic imports Miniflare cannot follow); entry first.
      modules: [
        { type: 'ESModule', path: join(outdir, 'entry.workers.js') },
        ...readdirSync(outdir)
          .filter((file) => file.endsWith('.wasm'))
          .map((file) => ({ type: 'CompiledWasm', path: join(outdir, file) })),
      ],
      bindings: { ...fromToml.bindings, NODE_ENV: 'test', LOG_LEVEL: 'error', ...edgeSecrets, ...bindings },
      serviceBindings: { ASSETS: () => new Response('Not found', { status: 404 }) },
      r2Persist: false,
    }) as WorkerOptions;
  const mf = new Miniflare({ workers: isolates.map(worker), host: '127.0.0.1', port: 0 });
  const url = (await mf.ready).origin;
  const first = isolates[0] as string;
  return {
    url,
    async fetch(path, init, isolate = first) {
      const target = await mf.getWorker(isolate);
      // Miniflare's fetch takes Node's RequestInit; a plain JSON body or headers object passes as is.
      const response = await target.fetch(`http://edge.test${path}`, init as never);
      return response as unknown as Response;
    },
    async scheduled(isolate = first) {
      const target = await mf.getWorker(isolate);
      const result = await target.scheduled({ cron: '* * * * *' });
      if (result.outcome !== 'ok') throw new Error(`the cron trigger ended with ${result.outcome}`);
    },
    async close() {
      await mf.dispose();
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

/** Whether `startEdgeRedis` can run: required in CI, else the suite is skipped with one loud line. */
export function edgeRedisAvailable(): boolean {
  if (redisServerInstalled()) return true;
  if (process.env.CI) throw new Error('redis-server is required in CI for the suites on the Worker in workerd');
  console.warn('\n!!! SKIPPING suites on the Worker in workerd that need redis-server: it is not installed !!!\n');
  return false;
}

/**
 * Upstash as the Worker sees it in production (the REST API, here tools/upstash-rest-proxy) over a
 * redis-server of the suite's own, so the content version no other suite bumps.
 */
export async function startEdgeRedis() {
  const redis = await startPrivateRedis();
  const token = 'workerd-edge-upstash-token';
  const proxy = createUpstashRestProxy({ redisUrl: redis.url, token });
  const { port } = await proxy.listen(0);
  return {
    /** The redis-server behind the REST proxy, for outage drills. */
    redis,
    bindings: { UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${port}`, UPSTASH_REDIS_REST_TOKEN: token },
    async close() {
      await proxy.close();
      await redis.kill();
    },
  };
}

/**
 * What a Worker on the shared test PostgreSQL needs besides its code: the neon WebSocket proxy to
 * `databaseUrl` and an Upstash of its own, handed over as bindings.
 */
export async function startEdgeServices(databaseUrl: string) {
  const neon = await startNeonWsProxy({ allow: [new URL(databaseUrl).host] });
  const redis = await startEdgeRedis();
  return {
    bindings: { DATABASE_URL: databaseUrl, NEON_WS_PROXY: neon.address, ...redis.bindings },
    async close() {
      await neon.close();
      await redis.close();
    },
  };
}
