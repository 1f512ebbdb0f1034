import { defineConfig } from 'vitest/config';
import { importAliases } from './import-aliases.ts';
import { ensureWebBuilt } from './scripts/ensure-built.mjs';
import { contractSuites } from './test/contract-suites.ts';
import { soloSuites } from './test/solo-suites.ts';

// Before any project is resolved: the Workers project reads wrangler.toml's [assets] directory when
// its config loads (earlier than any globalSetup), and several suites serve the build.
ensureWebBuilt();

const nodeSuites = {
  resolve: { alias: importAliases },
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
} as const;

// A worker process keeps the modules it imported for the next file instead of importing the app again
// (a third of these projects' time): the suites keep their state in their own databases, servers and
// key prefixes, and none mocks modules or changes the environment.
const sharedModules = { isolate: false } as const;

export default defineConfig({
  test: {
    // Most suites wait on real servers (PostgreSQL, workerd, nginx, child processes) rather than compute:
    // three files at a time keep both cores busy, where vitest's default (cores - 1) leaves one idle.
    // The suites that measure time run alone afterwards (node-solo).
    maxWorkers: 3,
    projects: [
      './web/vitest.config.ts',
      './worker/test/workers/vitest.config.ts',
      {
        ...nodeSuites,
        test: {
          ...nodeSuites.test,
          ...sharedModules,
          name: 'node',
          include: ['{worker,db,realtime,tools,scripts,test,bench}/**/*.test.ts'],
          exclude: ['worker/test/workers/**', 'node_modules/**', ...soloSuites],
        },
      },
      {
        ...nodeSuites,
        test: {
          ...nodeSuites.test,
          // One worker: vitest runs these files one by one once every other project's files are done.
          name: 'node-solo',
          include: soloSuites,
          maxWorkers: 1,
        },
      },
      {
        resolve: { alias: importAliases },
        test: {
          // The HTTP contract suites again, against the real Worker in workerd (test/support/workerd-engine.ts).
          ...sharedModules,
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
