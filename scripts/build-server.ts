import { cp, rm } from 'node:fs/promises';
import { build } from 'esbuild';

/**
 * Bundles the Node entry and the migration CLI into dist/server. Dependencies stay external
 * (installed with `npm ci --omit=dev`), and the migrations travel beside the bundle because
 * db/migrate.ts finds them relative to its own module URL.
 */
const outdir = 'dist/server';
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    'entry.node': 'worker/src/entry.node.ts',
    'migrate-cli': 'db/migrate-cli.ts',
    'make-admin': 'db/make-admin.ts',
  },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  // The reader pages' renderer (web/src/entry-server.tsx) is part of the server.
  jsx: 'automatic',
  logLevel: 'info',
});
await cp('db/migrations', `${outdir}/migrations`, { recursive: true });
