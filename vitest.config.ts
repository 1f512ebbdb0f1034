import { defineConfig } from 'vitest/config';
import { importAliases } from './import-aliases';

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
