import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../db/client';
import { migrate } from '../../db/migrate';
import { seedDemoContent } from '../../db/seed';
import { createMemoryCache } from './adapters/memory/memory-cache';
import { createMemoryRateLimiter } from './adapters/memory/memory-rate-limiter';
import { createDiskMediaStore } from './adapters/node/disk-media-store';
import { createNodeMailer } from './adapters/node/node-mailer';
import { createNodePasswordHasher } from './adapters/node/node-password-hasher';
import { startNodeRooms } from './adapters/node/realtime-node-rooms';
import { createJsonLogger } from './adapters/shared/json-logger';
import { noMetrics, silentErrorReporter } from './adapters/shared/noop';
import { systemClock } from './adapters/shared/system-clock';
import { createApp } from './app';
import { loadEmbeddedSettings } from './config/embedded-env';
import { ConfigError } from './config/shared-env';
import type { Deps } from './ports';
import { ensureWebBuild } from './server/ensure-web-build';
import { serveNodeApp } from './server/serve-node-app';
import { createMailDelivery } from './services/mail/mail-delivery';

/** Prints the demo accounts once, and keeps them beside the data for whoever missed the terminal. */
async function seedOnFirstStart(deps: Deps, dataDir: string) {
  const credentials = await seedDemoContent(deps);
  if (!credentials) return;
  writeFileSync(join(dataDir, 'demo-credentials.json'), JSON.stringify(credentials, null, 2), { mode: 0o600 });
  console.log('\nDemo content created. Sign in with:');
  for (const { email, password, role } of credentials)
    console.log(`  ${email}  ${password}${role === 'admin' ? '  (admin)' : ''}`);
  console.log(`(also in ${join(dataDir, 'demo-credentials.json')})\n`);
}

/** `npm start`: the whole product in one process, on PGlite, with demo content. */
async function main() {
  const { env, config } = loadEmbeddedSettings();
  const logger = createJsonLogger(env.LOG_LEVEL);
  const started = performance.now();
  mkdirSync(env.DATA_DIR, { recursive: true });
  await ensureWebBuild(env.WEB_DIST, logger);

  const database = await createDb({ driver: 'pglite', dataDir: join(env.DATA_DIR, 'pglite') });
  await migrate(database);
  const rooms = await startNodeRooms({ db: database.db, secret: config.realtime.secret, logger, metrics: noMetrics });
  const mailer = createNodeMailer({ smtpUrl: env.SMTP_URL, outboxDir: join(env.DATA_DIR, 'mail'), logger });
  const mail = createMailDelivery({ db: database.db, mailer, clock: systemClock, logger, config });
  const deps: Deps = {
    db: database.db,
    mailer,
    mail,
    cache: createMemoryCache(),
    rateLimiter: createMemoryRateLimiter(config.rateLimitPolicies),
    media: createDiskMediaStore(env.MEDIA_DIR),
    realtime: rooms.publisher,
    clock: systemClock,
    logger,
    errorReporter: silentErrorReporter,
    passwordHasher: await createNodePasswordHasher(),
    metrics: noMetrics,
    config,
  };
  if (!config.rateLimitsEnabled) logger.warn('rate limits are OFF (RATE_LIMITS=off): for benchmarks only');
  if (env.SEED_DEMO === 'on') await seedOnFirstStart(deps, env.DATA_DIR);

  const server = await serveNodeApp({
    app: createApp(deps) as never,
    deps,
    rooms,
    host: env.HOST,
    port: env.PORT,
    webDist: env.WEB_DIST,
    hotResponses: true,
    closeResources: () => database.close(),
  });
  logger.info('embedded edgepress ready', { url: server.url, startupMs: Math.round(performance.now() - started) });
  console.log(`\nEdgepress is running at ${server.url}\n`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
