import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { versionedEtag } from './post-etag';

/**
 * Browsers revalidate anonymous answers every time (ETag → 304); a shared cache in front of us
 * (nginx's micro-cache) may keep them for a few seconds, which bounds how stale a reader can be.
 */
export const publicCacheControl = 'public, max-age=0, s-maxage=5, must-revalidate';
/** Answers for a signed-in caller (likedByMe, their drafts) must never be stored by anyone. */
export const privateCacheControl = 'private, no-store';

/** A strong validator for a body: its SHA-256, shortened to 128 bits. */
export async function strongEtag(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  let hex = '';
  for (const byte of digest.subarray(0, 16)) hex += byte.toString(16).padStart(2, '0');
  return `"${hex}"`;
}

/**
 * Weak comparison (RFC 9110 §13.1.2), as If-None-Match requires: a proxy that compresses (nginx's
 * gzip) turns our strong tag into W/"..." and the client sends that back.
 */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * For public GET routes: `Cache-Control` by audience, a strong `ETag` over the body of a 200 (with
 * the version in front when the handler set `etagVersion`), and
 * 304 without a body when `If-None-Match` matches. Whether the caller is signed in is read after
 * the handler ran, so it works whichever auth middleware the route uses.
 */
export const cacheableGet = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return;
  const personal = c.get('user') !== undefined || c.req.header('authorization') !== undefined;
  c.header('Cache-Control', personal ? privateCacheControl : publicCacheControl);
  c.header('Vary', 'Authorization', { append: true });
  if (c.res.status !== 200) return;
  const digest = await strongEtag(await c.res.clone().arrayBuffer());
  const version = c.get('etagVersion');
  const etag = version === undefined ? digest : versionedEtag(version, digest);
  c.header('ETag', etag);
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch && etagMatches(ifNoneMatch, etag)) {
    c.res = new Response(null, { status: 304, headers: c.res.headers });
  }
});
