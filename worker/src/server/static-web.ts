import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';

const serverPrefixes = ['/api/', '/media/', '/parties/'];

/** Paths the server answers itself: a miss there is a JSON 404, never a file lookup or the SPA. */
const isServerPath = (path: string) => serverPrefixes.some((prefix) => path.startsWith(prefix));

/**
 * Serves the built web app: hashed assets cached forever, every other reader path answered with
 * index.html (the SPA decides what it is), never for /api, /media or /parties.
 */
export function mountWebApp(app: Hono<AppEnv>, webDist: string): boolean {
  const root = resolve(webDist);
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) return false;
  const indexHtml = readFileSync(indexPath, 'utf8');
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  const publicFiles = serveStatic({
    root,
    index: '',
    onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=3600'),
  });
  // With index '' serveStatic answers "/" with the directory itself: an empty octet-stream.
  app.use('*', (c, next) => (c.req.path === '/' || isServerPath(c.req.path) ? next() : publicFiles(c, next)));
  app.get('*', (c, next) => {
    if (isServerPath(c.req.path)) return next();
    c.header('Cache-Control', 'no-cache');
    return c.html(indexHtml);
  });
  return true;
}
