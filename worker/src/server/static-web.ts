import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { reportUnexpected } from '../middleware/error-handler';
import type { Logger } from '../ports';
import { type ReaderPage, readerPage } from '../services/discovery/page-head';
import { webShell } from './web-shell';

const readerMethods = new Set(['GET', 'HEAD']);
const serverPrefixes = ['/api/', '/media/', '/parties/', '/sitemaps/'];

/** Paths the server answers itself: a miss there is a JSON 404, never a file lookup or the SPA. */
const isServerPath = (path: string) => serverPrefixes.some((prefix) => path.startsWith(prefix));

/**
 * The reader page's head, or none when it cannot be looked up: the app loads all the same and shows
 * its own errors, so a failed lookup is reported, never answered as JSON to a browser.
 */
async function readerPageOrPlain(c: Context<AppEnv>): Promise<ReaderPage> {
  try {
    return await readerPage(c.get('deps'), c.req.path);
  } catch (error) {
    reportUnexpected(c, error, 'reader page head failed; serving the app without it');
    return { status: 200 };
  }
}

/**
 * Serves the built web app: hashed assets cached forever, every other reader path answered with
 * index.html (the SPA decides what it is), never for /api, /media, /parties or /sitemaps. A post,
 * profile or tag page gets its own title, description and link-preview tags, and the status a
 * crawler should see: 404 when there is no such thing, 301 from a post's former slug.
 */
export function webApp(webDist: string, logger: Logger): Hono<AppEnv> | undefined {
  const root = resolve(webDist);
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) return undefined;
  const indexHtml = readFileSync(indexPath, 'utf8');
  const app = new Hono<AppEnv>();
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
  const shell = webShell(indexHtml);
  if (!shell) logger.warn('web build has no <title>: pages are served without their heads', { indexPath });
  // Middleware rather than a GET route: a route on every path would make every unknown
  // non-GET request a 405 instead of a 404.
  app.use('*', async (c, next) => {
    if (!readerMethods.has(c.req.method) || isServerPath(c.req.path)) return next();
    c.header('Cache-Control', 'no-cache');
    const page = await readerPageOrPlain(c);
    if (page.status === 301) return c.redirect(`${page.location}${new URL(c.req.url).search}`, 301);
    const { publicUrl, site } = c.get('deps').config;
    const head = page.status === 200 ? page.head : undefined;
    if (head?.noindex) c.header('X-Robots-Tag', 'noindex, nofollow');
    return c.html(shell ? shell.render(head, { origin: publicUrl, ...site }) : indexHtml, page.status);
  });
  return app;
}
