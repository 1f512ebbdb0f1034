import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '#worker/app-env';
import { openApiDocumentOf } from '#worker/openapi/document';
import { referenceCss, referenceHtml, referenceScript } from './reference-page';

interface Served {
  text: string;
  etag: string;
}

/** The document and page change only with a deploy: a short max-age plus a strong ETag keeps clients current. */
const cacheControl = 'public, max-age=300';

async function served(text: string): Promise<Served> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return { text, etag: `"${Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}"` };
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/**
 * `/openapi.json` and the `/docs` reference page, mounted under `/api`. The document is generated
 * from `app`'s own routes on first request, so `app` may still be gaining routes when this is called.
 */
export function docsRoutes(app: Parameters<typeof openApiDocumentOf>[0]) {
  const document = openApiDocumentOf(app);
  const files: [path: string, contentType: string, load: () => Promise<Served>][] = [
    ['/openapi.json', 'application/json', once(async () => served(JSON.stringify(await document())))],
    ['/docs', 'text/html; charset=utf-8', once(() => served(referenceHtml))],
    ['/docs/reference.js', 'text/javascript; charset=utf-8', once(() => served(referenceScript))],
    ['/docs/reference.css', 'text/css; charset=utf-8', once(() => served(referenceCss))],
  ];
  const routes = new Hono<AppEnv>();
  for (const [path, contentType, load] of files) {
    routes.get(path, describeRoute({ hide: true }), async (c) => {
      const { text, etag } = await load();
      c.header('Cache-Control', cacheControl);
      c.header('ETag', etag);
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      return c.body(text, 200, { 'Content-Type': contentType });
    });
  }
  return routes;
}
