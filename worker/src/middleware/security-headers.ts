import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';

/** The policy the web app runs under: no inline script, media and API from our own origin. */
function contentSecurityPolicy(realtimeOrigin: string): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    'connect-src': ["'self'", realtimeOrigin, realtimeOrigin.replace(/^http/, 'ws')],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

type Header = readonly [name: string, value: string];

/** What every answer carries, page or data. */
const everyAnswer: Header[] = [
  ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'],
  ['Cross-Origin-Resource-Policy', 'same-site'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
];

/**
 * What only a page a browser renders needs: the app's policy and the isolation and legacy headers
 * that govern a document. A JSON answer or an uploaded file is never one, so it gets a policy that
 * allows nothing instead, and leaves out the rest (every cached API answer replays them, nginx's
 * micro-cache parses them again on every hit, and every client downloads them).
 */
function pageOnly(realtimeOrigin: string): Header[] {
  return [
    ['Content-Security-Policy', contentSecurityPolicy(realtimeOrigin)],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Download-Options', 'noopen'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['X-XSS-Protection', '0'],
  ];
}

const dataOnly: Header[] = [['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"]];

const crawlerFiles = new Set(['/robots.txt', '/sitemap.xml']);

/** Under /api, /media and /sitemaps everything is data, except the API reference page; so are robots.txt and the sitemap. */
const isDataPath = (path: string) =>
  (path.startsWith('/api/') && path !== '/api/docs') ||
  path.startsWith('/media/') ||
  path.startsWith('/sitemaps/') ||
  crawlerFiles.has(path);

/**
 * The security headers of every answer. They are set before the route runs, so they are part of the
 * response it builds rather than copied onto it afterwards (on Node that copy rebuilt every
 * response), and a route that sets one of them itself (uploaded media's stricter policy) wins.
 */
export function securityHeaders(realtimeOrigin: string) {
  const page = [...everyAnswer, ...pageOnly(realtimeOrigin)];
  const data = [...everyAnswer, ...dataOnly];
  return createMiddleware<AppEnv>(async (c, next) => {
    for (const [name, value] of isDataPath(c.req.path) ? data : page) c.header(name, value);
    await next();
  });
}
