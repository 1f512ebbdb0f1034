import { defineConfig } from 'vitest/config';
import { importAliases } from './import-aliases.ts';
import { ensureWebBuilt } from './scripts/ensure-built.mjs';
import { contractSuites } from './test/contract-suites.ts';

// Before any project is resolved: the Workers project reads wrangler.toml's [assets] directory when
// its config loads (earlier than any globalSetup), and several suites serve the build.
ensureWebBuilt();

export default defineConfig({
  test: {
    projects: [
      './web/vitest.config.ts',
      './worker/test/workers/vitest.config.ts',
      {
        resolve: { alias: importAliases },
        test: {
          name: 'node',
          include: ['{worker,db,realtime,tools,scripts,test,bench}/**/*.test.ts'],
          exclude: ['worker/test/workers/**', 'node_modules/**'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias: importAliases },
        test: {
          // The HTTP contract suites again, against the real Worker in workerd (test/support/workerd-engine.ts).
          name: 'workerd',
          include: contractSuites,
          environment: 'node',
          pool: 'forks',
          globalSetup: ['test/support/workerd-build.ts'],
          setupFiles: ['test/support/workerd-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
