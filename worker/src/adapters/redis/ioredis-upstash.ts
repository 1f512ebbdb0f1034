import { Redis, type Requester, type UpstashRequest, type UpstashResponse } from '@upstash/redis';
import { Redis as IoRedis } from 'ioredis';
import type { Logger } from '#worker/ports';
import { createCommandRunner, type RawOutcome, type RawReply } from './command-runner';

export interface IoRedisUpstashOptions {
  /** redis:// URL of a real Redis server. */
  url: string;
  /** Every command fails after this long instead of hanging (REDIS_TIMEOUT_MS). */
  timeoutMs: number;
  logger?: Logger;
}

export interface IoRedisUpstash {
  /** The @upstash/redis API, the same one the edge target uses over REST. */
  redis: Redis;
  /** Resolves once connected, or false after `timeoutMs` (the app still starts: Redis is optional at runtime). */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Replies as the Upstash REST API would send them without base64: strings, numbers, nulls, arrays. */
function toText(reply: RawReply): unknown {
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  if (Array.isArray(reply)) return reply.map(toText);
  return reply;
}

function textOutcome(outcome: RawOutcome) {
  return 'error' in outcome ? { error: outcome.error } : { result: toText(outcome.result) };
}

/**
 * A Requester that answers @upstash/redis's REST-shaped requests from ioredis (RESP2). Only the
 * package's Node build accepts one (ARCHITECTURE.md). Connection failures and timeouts reject, as a
 * failed fetch does in the REST client.
 */
export function createIoRedisRequester(client: IoRedis): Requester {
  const run = createCommandRunner(client);
  return {
    async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      const commands = req.body as unknown[];
      const path = req.path?.join('/') ?? '';
      if (path === 'pipeline' || path === 'multi-exec') {
        const outcomes =
          path === 'pipeline' ? await run.pipeline(commands as unknown[][]) : await run.multi(commands as unknown[][]);
        return outcomes.map(textOutcome) as UpstashResponse<TResult>;
      }
      if (path !== '') throw new Error(`Unsupported Upstash request path /${path}`);
      return textOutcome(await run.one(commands)) as UpstashResponse<TResult>;
    },
  };
}

/**
 * The self-host target's Redis: @upstash/redis over real Redis through ioredis. The offline queue
 * is off and every command has a timeout, so an outage fails fast instead of hanging until
 * @upstash/ratelimit gives up and answers "success" (docs/decisions/0050-redis-client.md).
 */
export function createIoRedisUpstash({ url, timeoutMs, logger }: IoRedisUpstashOptions): IoRedisUpstash {
  const client = new IoRedis(url, {
    enableOfflineQueue: false,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 1000),
    maxRetriesPerRequest: 0,
    // Keep trying to reconnect, never more than a second apart, so recovery needs no restart.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  let lastError = '';
  client.on('error', (error: Error) => {
    // ioredis emits the same error on every reconnect attempt: log each distinct one once.
    if (error.message === lastError) return;
    lastError = error.message;
    logger?.warn('redis connection error', { error: error.message });
  });
  client.on('ready', () => {
    if (lastError) logger?.info('redis connection restored');
    lastError = '';
  });
  const redis = new Redis(createIoRedisRequester(client));
  return {
    redis,
    ready(waitMs = timeoutMs) {
      if (client.status === 'ready') return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => done(false), waitMs);
        const onReady = () => done(true);
        const done = (ok: boolean) => {
          clearTimeout(timer);
          client.off('ready', onReady);
          resolve(ok);
        };
        client.once('ready', onReady);
      });
    },
    async close() {
      client.disconnect();
    },
  };
}
