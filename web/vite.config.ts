import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { importAliases } from '../import-aliases';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [react()],
  resolve: { alias: importAliases },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    target: 'es2022',
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
});
