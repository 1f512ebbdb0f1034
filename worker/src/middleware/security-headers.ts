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

/**
 * The security headers of every answer. They are set before the route runs, so they are part of the
 * response it builds rather than copied onto it afterwards (on Node that copy rebuilt every
 * response), and a route that sets one of them itself (uploaded media's stricter policy) wins.
 */
export function securityHeaders(realtimeOrigin: string) {
  const headers: [string, string][] = [
    ['Content-Security-Policy', contentSecurityPolicy(realtimeOrigin)],
    ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Cross-Origin-Resource-Policy', 'same-site'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Download-Options', 'noopen'],
    ['X-Frame-Options', 'DENY'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['X-XSS-Protection', '0'],
  ];
  return createMiddleware<AppEnv>(async (c, next) => {
    for (const [name, value] of headers) c.header(name, value);
    await next();
  });
}
