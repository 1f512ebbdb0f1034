import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { cached } from '../cache/cached';
import { publicContent, publicTtl } from '../cache/public-content';

/**
 * A document that is the same for every caller, signed in or not (a feed, a sitemap), rendered at
 * most once per public-content version and list lifetime, whoever asks.
 */
export async function answerPublicDocument(
  c: Context<AppEnv>,
  key: string,
  contentType: string,
  render: () => Promise<string>,
) {
  const body = await cached(c.get('deps'), { key, dependsOn: [publicContent] }, publicTtl.list, render);
  return c.body(body, 200, { 'Content-Type': contentType });
}
