import { defineConfig } from 'vitest/config';
import { importAliases } from './import-aliases.ts';
import { ensureWebBuilt } from './scripts/ensure-built.mjs';

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
    ],
  },
});
