import { afterAll, beforeAll } from 'vitest';
import type { DbHandle } from '#db/client';
import { createMemoryRateLimiter } from '#worker/adapters/memory/memory-rate-limiter';
import { createIoRedisUpstash, type IoRedisUpstash } from '#worker/adapters/redis/ioredis-upstash';
import { createRedisCache } from '#worker/adapters/redis/redis-cache';
import { createRedisRateLimiter } from '#worker/adapters/redis/redis-rate-limiter';
import { createJsonLogger } from '#worker/adapters/shared/json-logger';
import { type App, createApp } from '#worker/app';
import type { AppConfig } from '#worker/ports';
import { createTestDeps, testConfig } from './deps';
import { type CreatedUser, createUser } from './factories';
import { createPgliteDatabase } from './postgres';
import { type PrivateRedis, startPrivateRedis } from './private-redis';

export interface AppOverPrivateRedis {
  server: PrivateRedis;
  client: IoRedisUpstash;
  handle: DbHandle;
  app: App;
  author: CreatedUser;
}

export interface AppOverPrivateRedisOptions {
  /** How long a Redis call may take before the app goes on without it. */
  timeoutMs: number;
  rateLimitPolicies?: AppConfig['rateLimitPolicies'];
  /** Let this process's own limiter decide while Redis is away (as the Node entry does). */
  localFallback?: boolean;
}

/**
 * A private redis-server and the app over PGlite with its cache and rate limits (on) in that Redis,
 * opened with an author before the enclosing suite and closed after it; fields fill in `beforeAll`.
 */
export function appOverPrivateRedis(options: AppOverPrivateRedisOptions): AppOverPrivateRedis {
  const context = {} as AppOverPrivateRedis;
  beforeAll(async () => {
    const { timeoutMs } = options;
    context.server = await startPrivateRedis();
    context.client = createIoRedisUpstash({ url: context.server.url, timeoutMs });
    await context.client.ready(2000);
    context.handle = await createPgliteDatabase();
    const logger = createJsonLogger('error');
    const policies = options.rateLimitPolicies ?? testConfig.rateLimitPolicies;
    const config = { ...testConfig, rateLimitsEnabled: true, redisTimeoutMs: timeoutMs, rateLimitPolicies: policies };
    const fallback = options.localFallback ? createMemoryRateLimiter(policies) : undefined;
    const deps = await createTestDeps(context.handle.db, {
      config,
      logger,
      cache: createRedisCache(context.client.redis, { logger, probeIntervalMs: 200 }),
      rateLimiter: createRedisRateLimiter(context.client.redis, policies, { timeoutMs, logger, fallback }),
    });
    context.app = createApp(deps);
    context.author = await createUser(context.handle.db);
  });
  afterAll(async () => {
    // A test that failed while Redis was frozen leaves it stopped: let it answer, so the client closes cleanly.
    context.server.resume();
    await context.client.close();
    await context.server.kill();
    await context.handle.close();
  });
  return context;
}
