import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { importAliases } from '../import-aliases.ts';
import { readerChunk } from './reader-chunk.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';

/**
 * Writes a .br and a .gz beside every text file of the build, compressed as hard as they go, once:
 * the Node servers (and nginx's gzip_static) send those instead of compressing on every request.
 * The edge compresses by itself, so the Worker's assets leave them out (public/.assetsignore).
 */
function precompress(): Plugin {
  return {
    name: 'edgepress-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const outDir = options.dir ?? join(root, 'dist');
      const files = Object.values(bundle).filter(
        (file) => /\.(?:js|css|svg|json|webmanifest)$/.test(file.fileName) && !file.fileName.startsWith('.vite/'),
      );
      await Promise.all(
        files.map(async (file) => {
          const source = file.type === 'chunk' ? file.code : file.source;
          const bytes = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
          if (bytes.length < 1024) return;
          const path = join(outDir, file.fileName);
          const [br, gz] = await Promise.all([
            promisify(brotliCompress)(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
            promisify(gzip)(bytes, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        }),
      );
      // What the build was made for, read by scripts/ensure-built.mjs (a build names the rooms' origin).
      const buildEnv = { realtimeUrl: process.env.VITE_REALTIME_URL ?? '' };
      await writeFile(join(outDir, '.vite', 'build-env.json'), JSON.stringify(buildEnv));
    },
  };
}

/**
 * The entry imports the app after a pause (src/entry-client.tsx); without a hint the browser would
 * only ask for the app's chunks once React has run. They are preloaded beside the entry instead.
 */
function preloadDeferredStart(): Plugin {
  return {
    name: 'edgepress-preload-deferred-start',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk }) {
        if (!bundle || !chunk) return [];
        const closure = (roots: string[], into = new Set<string>()) => {
          for (const fileName of roots) {
            const file = bundle[fileName];
            if (into.has(fileName) || file?.type !== 'chunk') continue;
            into.add(fileName);
            closure(file.imports, into);
          }
          return into;
        };
        // What the entry's static imports already bring (vite preloads those itself).
        const preloaded = closure(chunk.imports);
        const wanted = [...closure(chunk.dynamicImports)].filter((fileName) => !preloaded.has(fileName));
        return wanted.map((fileName) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${fileName}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * React Router publishes its production build beside the development one but resolves every
 * import to the development build (warnings and checks included, about 8 KiB gzipped more): a
 * production bundle asks for the production files by path.
 */
const reactRouterProduction = [
  { find: /^react-router$/, replacement: join(root, '../node_modules/react-router/dist/production/index.mjs') },
  {
    find: /^react-router\/dom$/,
    replacement: join(root, '../node_modules/react-router/dist/production/dom-export.mjs'),
  },
];

export default defineConfig(({ command }) => ({
  root,
  plugins: [react(), precompress(), preloadDeferredStart()],
  resolve: { alias: command === 'build' ? [...reactRouterProduction, ...importAliases] : importAliases },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: { output: { codeSplitting: readerChunk() } },
  },
  server: {
    // Not every interface: `npm run dev:edge` serves a development build with no rate limits.
    host: '127.0.0.1',
    proxy: {
      '/api': apiTarget,
      '/media': apiTarget,
      '/parties': { target: apiTarget, ws: true },
    },
  },
}));
