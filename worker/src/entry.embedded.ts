import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '#db/client';
import { migrate } from '#db/migrate';
import { createMemoryCache } from './adapters/memory/memory-cache';
import { createMemoryRateLimiter } from './adapters/memory/memory-rate-limiter';
import { createDiskMediaStore } from './adapters/node/disk-media-store';
import { createNodeMailer } from './adapters/node/node-mailer';
import { createNodePasswordHasher } from './adapters/node/node-password-hasher';
import { startNodeRooms } from './adapters/node/realtime-node-rooms';
import { createSharpImageResizer } from './adapters/node/sharp-image-resizer';
import { noMetrics, silentErrorReporter } from './adapters/shared/noop';
import { systemClock } from './adapters/shared/system-clock';
import { publicContentChanges } from './cache/content-changes';
import { seedDemoContent } from './cli/seed-demo';
import { loadEmbeddedSettings } from './config/embedded-env';
import { ConfigError } from './config/shared-env';
import type { Deps } from './ports';
import { diskWebBuild } from './server/disk-web-build';
import { createEmbeddedLog, type EmbeddedLog } from './server/embedded-terminal';
import { serveNodeApp } from './server/serve-node-app';
import { createMailDelivery } from './services/mail/mail-delivery';

/** Prints the demo accounts once, and keeps them beside the data for whoever missed the terminal. */
async function seedOnFirstStart(deps: Deps, dataDir: string, log: EmbeddedLog) {
  const began = performance.now();
  const credentials = await seedDemoContent(deps);
  if (!credentials) return;
  const saved = join(dataDir, 'demo-credentials.json');
  writeFileSync(saved, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  log.step('demo content created', began);
  log.step(`demo accounts (also in ${saved}):`);
  for (const { email, password, role } of credentials)
    log.step(`  ${email}  ${password}${role === 'admin' ? '  (admin)' : ''}`);
}

/** `npm start`: the whole product in one process, on PGlite, with demo content. */
async function main() {
  const started = performance.now();
  const { env, config } = loadEmbeddedSettings();
  mkdirSync(env.DATA_DIR, { recursive: true });
  const logFile = join(env.DATA_DIR, 'edgepress.log');
  const log = createEmbeddedLog(logFile, env.LOG_LEVEL);
  const { logger } = log;

  const began = performance.now();
  const pgliteDir = join(env.DATA_DIR, 'pglite');
  const fresh = !existsSync(join(pgliteDir, 'PG_VERSION'));
  const database = await createDb({ driver: 'pglite', dataDir: pgliteDir });
  await migrate(database);
  log.step(`database ${fresh ? 'created' : 'opened'} in ${pgliteDir}, migrations applied`, began);
  const rooms = await startNodeRooms({ db: database.db, secret: config.realtime.secret, logger, metrics: noMetrics });
  const mailer = createNodeMailer({
    smtpUrl: env.SMTP_URL,
    outboxDir: join(env.DATA_DIR, 'mail'),
    logger,
    outboxIsDefault: true,
  });
  const mail = createMailDelivery({ db: database.db, mailer, clock: systemClock, logger, config });
  const cache = createMemoryCache();
  const deps: Deps = {
    db: database.db,
    mailer,
    mail,
    cache,
    changes: publicContentChanges(cache),
    rateLimiter: createMemoryRateLimiter(config.rateLimitPolicies),
    media: createDiskMediaStore(env.MEDIA_DIR),
    images: createSharpImageResizer(config.uploadMaxPixels),
    realtime: rooms.publisher,
    clock: systemClock,
    logger,
    errorReporter: silentErrorReporter,
    passwordHasher: await createNodePasswordHasher(),
    metrics: noMetrics,
    config,
    webBuild: diskWebBuild(env.WEB_DIST),
  };
  if (!config.rateLimitsEnabled) logger.warn('rate limits are OFF (RATE_LIMITS=off): for benchmarks only');
  if (env.SEED_DEMO === 'on') await seedOnFirstStart(deps, env.DATA_DIR, log);

  const server = await serveNodeApp({
    deps,
    rooms,
    host: env.HOST,
    port: env.PORT,
    webDist: env.WEB_DIST,
    hotResponses: true,
    closeResources: async () => {
      await database.close();
      await log.close();
    },
  });
  const startupMs = Math.round(performance.now() - started);
  logger.info('embedded edgepress ready', { url: server.url, startupMs });
  log.step(`Edgepress is running at ${server.url} (ready in ${(startupMs / 1000).toFixed(1)} s; log: ${logFile})`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
