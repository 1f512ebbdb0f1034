import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { appShellPage, wantsShell } from '#worker/pages/app-shell';

/** The part of the ASSETS binding this uses (structural, so Node tooling type-checks it). */
interface AssetStore {
  fetch(request: Request): Promise<Response>;
}

/** A path whose last segment has an extension names a file of the build, not a page of the app. */
const isFilePath = (path: string) => /\.[^/]+$/.test(path);

/**
 * The web app beside the API in the Worker, for the paths wrangler.toml's run_worker_first sends
 * here that no server route answers: every app page (sign-in, the editor, a draft's preview link)
 * is the shell with its head, made as on Node, so it carries the app's security headers, the site's
 * name and, for a preview, its noindex head; a file of the build not excluded there is passed on
 * to the asset store, with the security headers added.
 */
export function assetsWebApp(assets: AssetStore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Middleware rather than a GET route: a route on every path would make every unknown
  // non-GET request a 405 instead of a 404.
  app.use('*', async (c, next) => {
    if (!wantsShell(c)) return next();
    if (isFilePath(c.req.path)) {
      const file = await assets.fetch(c.req.raw);
      return c.newResponse(file.body, file);
    }
    const indexHtml = await c.get('deps').webBuild?.indexHtml();
    return indexHtml === undefined ? next() : appShellPage(c, indexHtml);
  });
  return app;
}
