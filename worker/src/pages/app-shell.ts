import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { type ReaderPage, readerPage } from '../services/discovery/page-head';
import { fillShell } from './fill-shell';

const shellMethods = new Set(['GET', 'HEAD']);
const serverPrefixes = ['/api/', '/media/', '/parties/', '/sitemaps/'];

/** Paths the server answers itself: a miss there is a JSON 404, never a file lookup or the SPA. */
export const isServerPath = (path: string) => serverPrefixes.some((prefix) => path.startsWith(prefix));

/** Whether a request is for a page of the app the shell should answer (sign-in, the editor, a preview link). */
export const wantsShell = (c: Context<AppEnv>) => shellMethods.has(c.req.method) && !isServerPath(c.req.path);

/**
 * An app page that is not a reader page, on every target: the shell with the site's head, which
 * the app fills in the browser, or the page's own head where it has one (a draft's preview link,
 * never indexed; 404 once the link is revoked). Browsers revalidate it on every load.
 */
export async function appShellPage(c: Context<AppEnv>, indexHtml: string): Promise<Response> {
  c.header('Cache-Control', 'no-cache');
  const { publicUrl, site } = c.get('deps').config;
  const page: ReaderPage = await readerPage(c.get('deps'), c.req.path).catch(() => ({ status: 200 }));
  const head = page.status === 200 ? page.head : undefined;
  if (head?.noindex) c.header('X-Robots-Tag', 'noindex, nofollow');
  return c.html(fillShell(indexHtml, head, { origin: publicUrl, ...site }), page.status === 404 ? 404 : 200);
}
