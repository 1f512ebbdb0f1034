import { createDb } from '#db/client';
import { createMemoryRateLimiter } from './adapters/memory/memory-rate-limiter';
import { createDiskMediaStore } from './adapters/node/disk-media-store';
import { createNodeMailer } from './adapters/node/node-mailer';
import { createNodePasswordHasher } from './adapters/node/node-password-hasher';
import { createPrometheusMetrics, type GaugeSources } from './adapters/node/prometheus-metrics';
import { startNodeRooms } from './adapters/node/realtime-node-rooms';
import { createSharpImageResizer } from './adapters/node/sharp-image-resizer';
import { createIoRedisUpstash } from './adapters/redis/ioredis-upstash';
import { createRedisCache } from './adapters/redis/redis-cache';
import { createRedisRateLimiter } from './adapters/redis/redis-rate-limiter';
import { createS3MediaStoreFromEnv } from './adapters/s3/s3-media-store';
import { createNodeErrorReporter, flushNodeErrorReporter } from './adapters/sentry/node-error-reporter';
import { createJsonLogger } from './adapters/shared/json-logger';
import { noCache, silentErrorReporter } from './adapters/shared/noop';
import { systemClock } from './adapters/shared/system-clock';
import { publicContentChanges } from './cache/content-changes';
import { loadNodeSettings } from './config/node-env';
import { ConfigError } from './config/shared-env';
import type { Deps } from './ports';
import { diskWebBuild } from './server/disk-web-build';
import { serveNodeApp } from './server/serve-node-app';
import { createMailDelivery } from './services/mail/mail-delivery';

/** `npm run start:node`: the self-host entry, on PostgreSQL and Redis, behind nginx. */
async function main() {
  const { env, config } = loadNodeSettings();
  const logger = createJsonLogger(env.LOG_LEVEL);
  const database = await createDb({ driver: 'pg', url: env.DATABASE_URL });
  const redis = createIoRedisUpstash({ url: env.REDIS_URL, timeoutMs: config.redisTimeoutMs, logger });
  // Redis is optional at runtime (reads fall back to Postgres), so a slow Redis does not block start.
  void redis.ready().then((ok) => ok || logger.warn('redis not reachable at start; running degraded'));
  const gauges: GaugeSources = { dbPool: database.poolStats };
  const metrics = createPrometheusMetrics(gauges);

  const rooms = await startNodeRooms({
    db: database.db,
    secret: config.realtime.secret,
    redisUrl: env.REDIS_URL,
    logger,
    metrics,
  });
  const mailer = createNodeMailer({ smtpUrl: env.SMTP_URL, outboxDir: env.MAIL_OUTBOX_DIR, logger });
  const cache = env.CACHE === 'off' ? noCache : createRedisCache(redis.redis, { logger });
  const deps: Deps = {
    db: database.db,
    mailer,
    mail: createMailDelivery({ db: database.db, mailer, clock: systemClock, logger, config }),
    cache,
    changes: publicContentChanges(cache),
    rateLimiter: createRedisRateLimiter(redis.redis, config.rateLimitPolicies, {
      timeoutMs: config.redisTimeoutMs,
      logger,
      // While Redis is away, post creation per user and reads per IP still hold per instance.
      fallback: createMemoryRateLimiter(config.rateLimitPolicies),
    }),
    media: createS3MediaStoreFromEnv(env) ?? createDiskMediaStore(env.MEDIA_DIR),
    images: createSharpImageResizer(config.uploadMaxPixels),
    realtime: rooms.publisher,
    clock: systemClock,
    logger,
    errorReporter: env.SENTRY_DSN ? createNodeErrorReporter(env.SENTRY_DSN, env.NODE_ENV) : silentErrorReporter,
    passwordHasher: await createNodePasswordHasher(),
    metrics,
    config,
    webBuild: diskWebBuild(env.WEB_DIST),
  };
  if (!config.rateLimitsEnabled) logger.warn('rate limits are OFF (RATE_LIMITS=off): for benchmarks only');
  if (env.CACHE === 'off') logger.warn('the Redis cache is OFF (CACHE=off): for benchmarks only');

  await serveNodeApp({
    deps,
    metrics: { contentType: metrics.registry.contentType, render: metrics.render },
    rooms,
    host: env.HOST,
    port: env.PORT,
    webDist: env.WEB_DIST,
    hotResponses: env.CACHE !== 'off',
    closeResources: async () => {
      await Promise.all([database.close(), redis.close(), flushNodeErrorReporter()]);
    },
  });
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
