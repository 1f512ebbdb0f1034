import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { and, count, eq, gt, or, sql } from 'drizzle-orm';
import { Miniflare } from 'miniflare';
import { expect } from 'vitest';
import { mailOutbox, realtimeEvents, realtimeOutbox } from '#db/schema';
import type { Database } from '#db/types';
import { createIoRedisUpstash } from '#worker/adapters/redis/ioredis-upstash';
import { createRedisCache } from '#worker/adapters/redis/redis-cache';
import { createJsonLogger } from '#worker/adapters/shared/json-logger';
import type { AppConfig, Deps } from '#worker/ports';
import { createMailApiStandin } from '../../tools/mail-api-standin/server';
import { startNeonWsProxy } from '../../tools/neon-ws-proxy/proxy';
import { createUpstashRestProxy } from '../../tools/upstash-rest-proxy/server';
import { testConfig } from './deps';
import { observingRealtime, type RecordedEvent, type RecordingRealtime } from './post-factories';
import { deleteKeysWithPrefix } from './redis-keys';
import type { Answerer } from './requests';
import { postgresUrlBase, redisUrl } from './services';
import type { WorkerdBuild } from './workerd-build';

/** What a suite may ask of the Worker it runs against; anything else a Node suite overrides has no edge form. */
export interface EdgeOptions {
  /** MAIL_API_URL: a stand-in for the email API that relays every message to this SMTP server. */
  smtpUrl?: string;
  config?: Partial<AppConfig>;
}

export interface EdgeWorker {
  /** Answers as the deployed Worker does: `entry.workers.ts` with `wrangler.toml`, in workerd. */
  app: Answerer;
  /** What the suite's own (Node) services must share with the Worker: its Redis cache and its rooms. */
  deps: Partial<Deps> & { realtime: RecordingRealtime };
  /**
   * Resolves once the mail the Worker queued has been handed on: it sends after its answer (waitUntil), and
   * the email API stand-in relays each message to the suite's SMTP sink before it answers.
   */
  mailSettled(): Promise<void>;
  close(): Promise<void>;
}

const upstashToken = 'workerd-engine-upstash-token';

/** Only what a suite's config overrides can mean on the edge; the rest has no variable there and fails loudly. */
function configVariables(config: Partial<AppConfig> = {}): Record<string, string> {
  const { rateLimitsEnabled, uploadMaxBytes, ...rest } = config;
  const unsupported = Object.keys(rest).filter(
    (key) => rest[key as keyof typeof rest] !== testConfig[key as keyof AppConfig],
  );
  if (unsupported.length > 0)
    throw new Error(`workerd engine: no Worker variable for config ${unsupported.join(', ')}`);
  return {
    ...(rateLimitsEnabled === undefined ? {} : { RATE_LIMITS: rateLimitsEnabled ? 'on' : 'off' }),
    ...(uploadMaxBytes === undefined ? {} : { UPLOAD_MAX_BYTES: String(uploadMaxBytes) }),
  };
}

/** The variables that make the Worker answer as the Node engines' test deps do (same keys, origin, secrets). */
function workerVariables(
  urls: { database: string; neon: string; upstash: string; rooms: string; mail?: string },
  prefix: string,
) {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    // As the Node engines' test config: a suite that tests limits turns them on (production's policies).
    RATE_LIMITS: 'off',
    DATABASE_URL: urls.database,
    NEON_WS_PROXY: urls.neon,
    UPSTASH_REDIS_REST_URL: urls.upstash,
    UPSTASH_REDIS_REST_TOKEN: upstashToken,
    REDIS_KEY_PREFIX: prefix,
    PUBLIC_URL: testConfig.publicUrl,
    JWT_KEYS: JSON.stringify(testConfig.jwt.keys),
    REALTIME_URL: urls.rooms,
    REALTIME_SECRET: testConfig.realtime.secret,
    CORS_ORIGINS: testConfig.corsOrigins.join(','),
    MAIL_FROM: testConfig.mail.from,
    ...(urls.mail ? { MAIL_API_URL: urls.mail, MAIL_API_KEY: 'workerd-engine-mail-key' } : {}),
  };
}

/**
 * Stands in for the PartyKit rooms: takes the Worker's publishes (`POST /parties/<party>/<room>`) into
 * `record`, in the order they arrive, and counts them.
 */
async function startRoomSink(record: (event: RecordedEvent) => void) {
  let received = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received += 1;
      const room = req.url?.replace(/^\/parties\//, '') ?? '';
      record({ room, ...JSON.parse(Buffer.concat(chunks).toString()) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Converts workerd's answer (an undici Response) into this process's own `Response`, as `app.request` gives. */
async function asResponse(answer: {
  status: number;
  statusText: string;
  headers: Iterable<[string, string]>;
  arrayBuffer(): Promise<ArrayBuffer>;
}) {
  const body = [101, 204, 205, 304].includes(answer.status) ? null : await answer.arrayBuffer();
  return new Response(body, { status: answer.status, statusText: answer.statusText, headers: [...answer.headers] });
}

/**
 * Starts the real Worker in workerd over `databaseUrl` (reached through the neon WebSocket proxy), with the
 * test Redis behind the Upstash REST proxy under a key prefix of its own, rooms and mail stood in for locally.
 */
export async function startEdgeWorker(
  build: WorkerdBuild,
  db: Database,
  databaseUrl: string,
  options: EdgeOptions = {},
): Promise<EdgeWorker> {
  const logger = createJsonLogger('error');
  const prefix = `ep_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}:`;
  const events: RecordedEvent[] = [];
  let deliveredHere = 0;
  const local = observingRealtime(db, (event) => {
    deliveredHere += 1;
    events.push(event);
  });
  const rooms = await startRoomSink((event) => events.push(event));
  const neon = await startNeonWsProxy({ allow: [new URL(postgresUrlBase).host] });
  const upstash = createUpstashRestProxy({ redisUrl, token: upstashToken });
  const upstashUrl = `http://127.0.0.1:${(await upstash.listen(0)).port}`;
  const mailApi = options.smtpUrl
    ? createMailApiStandin({ apiKey: 'workerd-engine-mail-key', smtpUrl: options.smtpUrl })
    : undefined;
  const mailUrl = mailApi ? `http://127.0.0.1:${(await mailApi.listen()).port}` : undefined;
  const variables = {
    ...workerVariables(
      { database: databaseUrl, neon: neon.address, upstash: upstashUrl, rooms: rooms.url, mail: mailUrl },
      prefix,
    ),
    ...configVariables(options.config),
  };
  const { workerOptions } = build;
  const worker = new Miniflare({
    ...workerOptions,
    modulesRoot: build.modulesRoot,
    modules: build.modules,
    bindings: { ...(workerOptions.bindings as Record<string, string>), ...variables },
    host: '127.0.0.1',
    port: 0,
    cf: false,
  } as ConstructorParameters<typeof Miniflare>[0]);
  await worker.ready;
  const redis = createIoRedisUpstash({ url: redisUrl, timeoutMs: 2000, logger });
  const realtime: RecordingRealtime = {
    events,
    flush: local.flush,
    relay: local.relay,
    // The Worker relays a request's room events after its answer (waitUntil): settled once every event the
    // outbox held is logged with a seq and every logged one has reached the rooms.
    async settled() {
      await local.settled();
      for (let waited = 0; waited < 5000; waited += 10) {
        const [[outbox], [logged]] = await Promise.all([
          db.select({ n: count() }).from(realtimeOutbox),
          db.select({ n: count() }).from(realtimeEvents),
        ]);
        if (outbox?.n === 0 && rooms.received() + deliveredHere >= (logged?.n ?? 0)) return;
        await pause(10);
      }
      throw new Error('workerd engine: room events did not settle within 5 s');
    },
  };
  return {
    app: {
      async request(path, init) {
        // Built here first, so any body this process can send (JSON, a form, a stream) reaches workerd as
        // bytes with its content type; Miniflare's fetch comes from another copy of undici.
        const request = new Request(new URL(path, testConfig.publicUrl), init);
        const logged = {
          suite: expect.getState().testPath ?? '',
          method: request.method,
          path: new URL(request.url).pathname,
        };
        appendFileSync(join(build.requestLog, `${process.pid}.jsonl`), `${JSON.stringify(logged)}\n`);
        const answer = await worker.dispatchFetch(request.url, {
          method: request.method,
          headers: [...request.headers],
          body: request.body,
          duplex: 'half',
          redirect: 'manual',
        } as Parameters<typeof worker.dispatchFetch>[1]);
        return asResponse(answer);
      },
    },
    deps: { cache: createRedisCache(redis.redis, { logger, prefix: `${prefix}cache:` }), realtime },
    async mailSettled() {
      for (let waited = 0; waited < 5000; waited += 10) {
        // Not yet tried, or being sent right now; a message waiting for a retry is not waited for.
        const [inFlight] = await db
          .select({ n: count() })
          .from(mailOutbox)
          .where(
            and(
              eq(mailOutbox.status, 'pending'),
              or(eq(mailOutbox.attempts, 0), gt(mailOutbox.lockedUntil, sql`now()`)),
            ),
          );
        if (inFlight?.n === 0) return;
        await pause(10);
      }
      throw new Error('workerd engine: the Worker did not send its mail within 5 s');
    },
    async close() {
      await worker.dispose();
      await Promise.all([neon.close(), upstash.close(), rooms.close(), mailApi?.close(), redis.close()]);
      await deleteKeysWithPrefix(redisUrl, prefix);
    },
  };
}
