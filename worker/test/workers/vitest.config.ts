import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { importAliases } from '../../../import-aliases.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The real Worker (entry.workers.ts + wrangler.toml) inside workerd, against the test Postgres. */
export default defineConfig({
  root,
  plugins: [
    cloudflareTest(({ inject }) => ({
      main: './worker/src/entry.workers.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          NODE_ENV: 'test',
          DATABASE_URL: inject('databaseUrl') || 'postgres://absent@127.0.0.1:1/absent',
          NEON_WS_PROXY: inject('neonWsProxy'),
          REALTIME_URL: inject('realtimeUrl'),
          MAIL_API_URL: inject('mailApiUrl'),
          MAIL_API_KEY: 'workers-test-mail-key',
          MAIL_WEBHOOK_SECRET: inject('mailWebhookSecret'),
          JWT_SECRET: 'workers-test-secret-workers-test-secret-00',
          REALTIME_SECRET: 'workers-test-realtime-secret-0000000000',
          CORS_ORIGINS: 'http://allowed.example',
          // Each test file makes many logins from one address.
          RATE_LIMITS: 'off',
          LOG_LEVEL: 'error',
        },
      },
    })),
  ],
  resolve: { alias: importAliases },
  test: {
    name: 'workers',
    // As a project of the root config, Vite's root would otherwise be this folder.
    root,
    include: ['worker/test/workers/**/*.test.ts'],
    globalSetup: ['worker/test/workers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
