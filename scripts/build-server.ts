import { cp, rename, rm } from 'node:fs/promises';
import { type BuildOptions, build } from 'esbuild';

/**
 * Bundles the Node entries and the command-line tools into dist/server. The migrations travel
 * beside the bundle because db/migrate.ts finds them relative to its own module URL. The bundle is
 * built aside and swapped in, so a server starting meanwhile never finds the folder half written.
 */
const outdir = 'dist/server';
const building = `${outdir}.${process.pid}`;
const common: BuildOptions = {
  outdir: building,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Its `paths` resolve the package.json `imports` aliases (#worker/..., #db/...) to source files.
  tsconfig: 'tsconfig.json',
  sourcemap: true,
  // The reader pages' renderer (web/src/entry-server.tsx) is part of the server.
  jsx: 'automatic',
  logLevel: 'warning',
};
await rm(building, { recursive: true, force: true });
// The self-host image installs its dependencies (`npm ci --omit=dev`): they stay external.
await build({
  ...common,
  entryPoints: {
    'entry.node': 'worker/src/entry.node.ts',
    'migrate-cli': 'db/migrate-cli.ts',
    'make-admin': 'worker/src/cli/make-admin.ts',
    'build-media-variants': 'worker/src/cli/build-media-variants.ts',
    'pglite-template': 'db/pglite-template-cli.ts',
  },
  packages: 'external',
});
// `npm start` loads one file instead of resolving hundreds of modules: half its start time on this
// machine (docs/decisions/0005-embedded-database.md). Packages that load files of their own beside
// their code (WebAssembly, native addons) stay external.
await build({
  ...common,
  entryPoints: { 'entry.embedded': 'worker/src/entry.embedded.ts' },
  external: ['@electric-sql/pglite', '@phi-ag/argon2', 'sharp'],
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as edgepressRequire } from 'node:module'; const require = edgepressRequire(import.meta.url);",
  },
});
await cp('db/migrations', `${building}/migrations`, { recursive: true });
const previous = `${outdir}.old.${process.pid}`;
await rename(outdir, previous).catch(() => {});
await rename(building, outdir);
await rm(previous, { recursive: true, force: true });
