import { secureHeaders } from 'hono/secure-headers';

/** The policy the web app runs under: no inline script, media and API from our own origin. */
export const securityHeaders = (realtimeOrigin: string) =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      connectSrc: ["'self'", realtimeOrigin, realtimeOrigin.replace(/^http/, 'ws')],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
    strictTransportSecurity: 'max-age=63072000; includeSubDomains',
    referrerPolicy: 'strict-origin-when-cross-origin',
    crossOriginResourcePolicy: 'same-site',
    crossOriginOpenerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    // A route that needs a stricter policy (uploaded media) sets its own headers; they win.
    overwrite: false,
  });
