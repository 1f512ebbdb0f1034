import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { type ReaderPage, readerPage } from '../services/discovery/page-head';
import { fillShell } from './fill-shell';

/**
 * An app page: the shell with the site's head, which the app fills in the browser. Pages with a head of
 * their own (a draft's preview link) get it, never indexed, and 404 once the link is gone.
 */
export async function appShellAnswer(c: Context<AppEnv>, indexHtml: string) {
  c.header('Cache-Control', 'no-cache');
  const { publicUrl, site } = c.get('deps').config;
  const page: ReaderPage = await readerPage(c.get('deps'), c.req.path).catch(() => ({ status: 200 }));
  const head = page.status === 200 ? page.head : undefined;
  if (head?.noindex) c.header('X-Robots-Tag', 'noindex, nofollow');
  return c.html(fillShell(indexHtml, head, { origin: publicUrl, ...site }), page.status === 404 ? 404 : 200);
}

/**
 * A draft's preview page on every target. On Workers the asset store answers other app pages with the
 * bare shell; this one must come to the Worker (wrangler.toml run_worker_first) for its noindex and 404.
 */
export async function previewPageAnswer(c: Context<AppEnv>) {
  const indexHtml = await c.get('deps').webBuild?.indexHtml();
  if (indexHtml === undefined) return c.notFound();
  return appShellAnswer(c, indexHtml);
}
