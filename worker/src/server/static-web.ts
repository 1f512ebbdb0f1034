import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { appShellAnswer } from '../pages/app-shell-page';
import type { Logger } from '../ports';

const shellMethods = new Set(['GET', 'HEAD']);
const serverPrefixes = ['/api/', '/media/', '/parties/', '/sitemaps/'];

/** Paths the server answers itself: a miss there is a JSON 404, never a file lookup or the SPA. */
const isServerPath = (path: string) => serverPrefixes.some((prefix) => path.startsWith(prefix));

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
  app.use('*', async (c, next) => {
    if (!shellMethods.has(c.req.method) || isServerPath(c.req.path)) return next();
    return appShellAnswer(c, indexHtml);
  });
  return app;
}
