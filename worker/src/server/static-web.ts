import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { appShellPage, isServerPath, wantsShell } from '../pages/app-shell';
import type { Logger } from '../ports';

/**
 * The built web app beside the API on Node: hashed assets cached forever, the build's other files
 * for an hour (each sent precompressed when the client accepts it), and every other app path
 * (sign-in, the editor, settings) the shell with the site's head, which the app fills in the
 * browser. Reader pages are the app's own rendered routes (pages/reader-pages.ts), on every target.
 */
export function webApp(webDist: string, logger: Logger): Hono<AppEnv> | undefined {
  const root = resolve(webDist);
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) return undefined;
  const indexHtml = readFileSync(indexPath, 'utf8');
  if (!indexHtml.includes('<title>')) {
    logger.warn('web build has no <title>: pages are served without their heads', { indexPath });
  }
  const app = new Hono<AppEnv>();
  app.use(
    '/assets/*',
    serveStatic({
      root,
      // The build writes .br and .gz beside each text file (web/vite.config.ts).
      precompressed: true,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  const publicFiles = serveStatic({
    root,
    index: '',
    precompressed: true,
    onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=3600'),
  });
  // With index '' serveStatic answers "/" with the directory itself: an empty octet-stream.
  app.use('*', (c, next) => (c.req.path === '/' || isServerPath(c.req.path) ? next() : publicFiles(c, next)));
  // Middleware rather than a GET route: a route on every path would make every unknown
  // non-GET request a 405 instead of a 404.
  app.use('*', (c, next) => (wantsShell(c) ? appShellPage(c, indexHtml) : next()));
  return app;
}
