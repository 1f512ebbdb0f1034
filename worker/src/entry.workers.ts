import { withSentry } from '@sentry/cloudflare';
import { routeNeonThroughLocalProxy } from '#db/neon-client';
import { createMemoryCache } from './adapters/memory/memory-cache';
import { createMemoryRateLimiter } from './adapters/memory/memory-rate-limiter';
import { createRedisCache } from './adapters/redis/redis-cache';
import { createRedisRateLimiter } from './adapters/redis/redis-rate-limiter';
import { createUpstashRedis } from './adapters/redis/upstash-rest';
import { scrubEvent } from './adapters/sentry/scrub-event';
import { createHttpApiMailer } from './adapters/shared/http-api-mailer';
import { createJsonLogger } from './adapters/shared/json-logger';
import { createLogMailer } from './adapters/shared/log-mailer';
import { noMetrics } from './adapters/shared/noop';
import { systemClock } from './adapters/shared/system-clock';
import { assetsWebApp } from './adapters/workers/assets-web-app';
import { createEdgeCache, type EdgeCache } from './adapters/workers/edge-cache';
import { createImagesBindingResizer } from './adapters/workers/images-binding-resizer';
import { createR2MediaStore } from './adapters/workers/r2-media-store';
import { type IsolateDeps, openRequestDeps, requestDeps } from './adapters/workers/request-deps';
import { sentryErrorReporter } from './adapters/workers/sentry-error-reporter';
import { workersPasswordHasher } from './adapters/workers/workers-password-hasher';
import { type App, createApp } from './app';
import { publicContentChanges } from './cache/content-changes';
import { edgeFreshness, publicContentVersion } from './cache/public-content';
import { ConfigError } from './config/shared-env';
import { loadWorkersSettings, type WorkersEnv } from './config/workers-env';
import type { WebBuild } from './ports';
import { sendDueDigests } from './services/mail/digests';
import { runScheduledJobs } from './services/scheduler';

interface Isolate {
  env: WorkersEnv;
  deps: IsolateDeps;
  /** Built once per isolate: the router and the OpenAPI document are not rebuilt per request. */
  app: App;
  /** Signed-out answers kept in this data centre (docs/decisions/0092). */
  edgeCache: EdgeCache;
}

/** The built web app in the Worker's static assets (wrangler.toml [assets]); read once per isolate. */
function assetsWebBuild(assets: Fetcher): WebBuild {
  let indexHtml: Promise<string | undefined> | undefined;
  return {
    indexHtml() {
      indexHtml ??= assets.fetch('https://assets.local/').then((res) => (res.ok ? res.text() : undefined));
      return indexHtml;
    },
  };
}

// Bindings do not change within an isolate; Sentry hands the handler a wrapped copy, so key on nothing.
let isolate: Isolate | undefined;

function buildIsolate(bindings: Env): Isolate {
  const { env, config } = loadWorkersSettings(bindings as unknown as Record<string, unknown>);
  const logger = createJsonLogger(env.LOG_LEVEL);
  if (env.NEON_WS_PROXY) routeNeonThroughLocalProxy(env.NEON_WS_PROXY);
  if (!config.rateLimitsEnabled) logger.warn('RATE_LIMITS=off: every rate limit is disabled (benchmarks only)');
  const redis =
    env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
      ? createUpstashRedis({
          url: env.UPSTASH_REDIS_REST_URL,
          token: env.UPSTASH_REDIS_REST_TOKEN,
          timeoutMs: config.redisTimeoutMs,
        })
      : undefined;
  const cache = redis
    ? createRedisCache(redis, { logger, prefix: `${env.REDIS_KEY_PREFIX}cache:` })
    : createMemoryCache();
  // The DOM lib (pulled in by test typings) hides workerd's `caches.default` from the checker.
  const edgeCache = createEdgeCache((caches as unknown as { default: Cache }).default, {
    clock: systemClock,
    readVersion: () => publicContentVersion(cache),
    ...edgeFreshness,
  });
  const deps: IsolateDeps = {
    config,
    logger,
    cache,
    changes: publicContentChanges(cache, edgeCache.changed),
    // Without Upstash (a quick local `wrangler dev`), limits and cache hold per isolate only;
    // production refuses to start that way (see workers-env.ts).
    rateLimiter: redis
      ? createRedisRateLimiter(redis, config.rateLimitPolicies, {
          timeoutMs: config.redisTimeoutMs,
          prefix: `${env.REDIS_KEY_PREFIX}rl`,
          logger,
          // A probe left running when its request ends is cancelled here: its request waits for it.
          probeWaitMs: config.redisTimeoutMs,
          // While Upstash is away the limits that fail open still hold per isolate.
          fallback: createMemoryRateLimiter(config.rateLimitPolicies),
        })
      : createMemoryRateLimiter(config.rateLimitPolicies),
    media: createR2MediaStore(bindings.MEDIA, env.S3_PUBLIC_URL),
    images: createImagesBindingResizer(bindings.IMAGES),
    clock: systemClock,
    errorReporter: sentryErrorReporter,
    passwordHasher: workersPasswordHasher(),
    metrics: noMetrics,
    webBuild: assetsWebBuild(bindings.ASSETS),
    mailer:
      env.MAIL_API_URL && env.MAIL_API_KEY
        ? createHttpApiMailer({ url: env.MAIL_API_URL, apiKey: env.MAIL_API_KEY })
        : createLogMailer(logger),
  };
  const app = createApp(
    { config, perRequest: requestDeps(deps, env.DATABASE_URL) },
    { web: assetsWebApp(bindings.ASSETS) },
  );
  return { env, deps, edgeCache, app };
}

function isolateFor(bindings: Env): Isolate {
  isolate ??= buildIsolate(bindings);
  return isolate;
}

function misconfigured(error: ConfigError): Response {
  // The message names variables, never their values; the deployer reads it in `wrangler tail`.
  console.error(JSON.stringify({ level: 'error', msg: error.message }));
  return Response.json(
    { error: { code: 'internal', message: 'The server is misconfigured', requestId: crypto.randomUUID() } },
    { status: 500 },
  );
}

const handler = {
  async fetch(request, bindings, ctx) {
    let current: Isolate;
    try {
      current = isolateFor(bindings);
    } catch (error) {
      if (error instanceof ConfigError) return misconfigured(error);
      throw error;
    }
    const { app, edgeCache } = current;
    return edgeCache.serve(
      request,
      (work) => ctx.waitUntil(work),
      (fresh) => app.fetch(fresh, bindings, ctx),
    );
  },

  /**
   * The cron trigger (wrangler.toml, every minute): publishes scheduled posts whose time has come and
   * relays room events left in the outbox.
   */
  async scheduled(controller, bindings, ctx) {
    const current = isolateFor(bindings);
    const { deps, end } = openRequestDeps(current.deps, current.env.DATABASE_URL);
    try {
      const result = await runScheduledJobs(deps);
      // Room events an invocation committed but could not relay before it ended (ADR 0101).
      await deps.realtime.relay();
      // Mail retries and digests ride the same minute: a kick delivers what is due before `end`.
      await sendDueDigests(deps);
      deps.mail.kick();
      deps.logger.debug('scheduled jobs ran', { cron: controller.cron, ...result });
    } catch (error) {
      deps.logger.error('scheduled jobs failed', { cron: controller.cron, error: String(error) });
      deps.errorReporter.capture(error, { path: `cron:${controller.cron}` });
      throw error;
    } finally {
      ctx.waitUntil(end());
    }
  },
} satisfies ExportedHandler<Env>;

function sentryOptions(bindings: Env) {
  let env: WorkersEnv;
  try {
    env = isolateFor(bindings).env;
  } catch {
    // The fetch handler answers a bad configuration itself.
    return undefined;
  }
  if (!env.SENTRY_DSN) return undefined;
  return { dsn: env.SENTRY_DSN, environment: env.NODE_ENV, tracesSampleRate: 0, beforeSend: scrubEvent };
}

export default withSentry(sentryOptions, handler);
