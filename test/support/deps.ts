import type { Database } from '#db/types';
import { createMemoryCache } from '#worker/adapters/memory/memory-cache';
import { createMemoryRateLimiter } from '#worker/adapters/memory/memory-rate-limiter';
import { createDiskMediaStore } from '#worker/adapters/node/disk-media-store';
import { createNodePasswordHasher } from '#worker/adapters/node/node-password-hasher';
import { createOutboxDirMailer } from '#worker/adapters/node/outbox-dir-mailer';
import { createSharpImageResizer } from '#worker/adapters/node/sharp-image-resizer';
import { createJsonLogger } from '#worker/adapters/shared/json-logger';
import { noMetrics, noRealtime, silentErrorReporter } from '#worker/adapters/shared/noop';
import { systemClock } from '#worker/adapters/shared/system-clock';
import { publicContentChanges } from '#worker/cache/content-changes';
import type { AppConfig, Deps } from '#worker/ports';
import { defaultRateLimitPolicies } from '#worker/rate-limit-policies';
import { createMailDelivery } from '#worker/services/mail/mail-delivery';
import { trackMailQueue } from './mail-queues';

export const testConfig: AppConfig = {
  environment: 'test',
  publicUrl: 'http://localhost',
  site: { name: 'Edgepress', description: 'Writing and reading, live.' },
  jwt: {
    keys: [{ kid: 'test', secret: 'test-secret-test-secret-test-secret-0000' }],
    issuer: 'edgepress',
    audience: 'edgepress',
  },
  realtime: { url: 'http://localhost', secret: 'test-realtime-secret-test-realtime-0000' },
  corsOrigins: ['http://allowed.example'],
  trustProxy: false,
  clientIpHeader: null,
  rateLimitsEnabled: false,
  rateLimitPolicies: defaultRateLimitPolicies,
  uploadMaxBytes: 5 * 1024 * 1024,
  uploadMaxPixels: 40_000_000,
  bodyLimitBytes: 256 * 1024,
  redisTimeoutMs: 500,
  mail: { from: '"Edgepress" <no-reply@localhost>' },
};

const passwordHasher = createNodePasswordHasher();

/** The embedded target's real adapters over the given database; tests override what they exercise. */
export async function createTestDeps(db: Database, overrides: Partial<Deps> = {}): Promise<Deps> {
  const config = { ...testConfig, ...overrides.config };
  const logger = createJsonLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'error');
  const clock = overrides.clock ?? systemClock;
  // Tests that read the mail give an SMTP mailer to the sink; the rest file it away quietly.
  const mailer = overrides.mailer ?? createOutboxDirMailer(`/tmp/edgepress-test-mail-${process.pid}`, () => {});
  const cache = overrides.cache ?? createMemoryCache();
  const mail = overrides.mail ?? createMailDelivery({ db, mailer, clock, logger, config });
  trackMailQueue(db, mail);
  return {
    db,
    cache,
    rateLimiter: createMemoryRateLimiter(config.rateLimitPolicies),
    media: createDiskMediaStore(`/tmp/edgepress-test-media-${process.pid}`),
    images: createSharpImageResizer(config.uploadMaxPixels),
    realtime: noRealtime,
    clock: systemClock,
    logger,
    errorReporter: silentErrorReporter,
    passwordHasher: await passwordHasher,
    metrics: noMetrics,
    mailer,
    ...overrides,
    mail,
    changes: overrides.changes ?? publicContentChanges(cache),
    config,
  };
}
