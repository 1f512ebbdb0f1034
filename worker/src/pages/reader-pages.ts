import type { Context } from 'hono';
import { Hono } from 'hono';
import { render, renderNotFound } from '#web-render';
import type { AppEnv } from '../app-env';
import { reportUnexpected } from '../middleware/error-handler';
import { etagMatches, strongEtag } from '../middleware/etag';
import type { PageHead } from '../services/discovery/head-html';
import { type ReaderPage, readerPage } from '../services/discovery/page-head';
import { fillShell } from './fill-shell';
import { readerSource } from './reader-source';

/**
 * What shared caches may do with a rendered page: keep it a few seconds (nginx's micro-cache, the
 * Workers cache, which also checks the content version: docs/decisions/0092), serve it a little
 * longer while a fresh copy is made; browsers revalidate every time (ETag, 304).
 */
export const pageCacheControl = 'public, max-age=0, s-maxage=5, stale-while-revalidate=25';

/** The page's own head, made for what the URL asks beyond the path: later pages of lists, search. */
function headFor(page: ReaderPage & { status: 200 }, url: URL): PageHead | undefined {
  if (url.pathname === '/search') {
    const q = url.searchParams.get('q')?.trim();
    return {
      title: q ? `Search: ${q}` : 'Search',
      canonicalPath: '/search',
      type: 'website',
      robots: 'noindex, follow',
    };
  }
  // A `?cursor=` page is one of endless slices of the same list: followed, never listed.
  if (url.searchParams.has('cursor') && page.head) return { ...page.head, robots: 'noindex, follow' };
  return page.head;
}

/**
 * A reader page as every signed-out reader gets it: status and head from the same lookup the
 * crawler files use (404 for what does not exist or is not public, 301 from a post's former
 * slug), the article or list rendered into the shell with the query cache the browser resumes
 * from. When the lookup or rendering fails, the shell is served (the app loads all the same) and
 * the error reported: a browser navigating never gets a JSON 500.
 */
async function readerPageAnswer(c: Context<AppEnv>) {
  const deps = c.get('deps');
  const indexHtml = await deps.webBuild?.indexHtml();
  if (indexHtml === undefined) return c.notFound();
  const url = new URL(c.req.url);
  let page: ReaderPage;
  try {
    page = await readerPage(deps, c.req.path);
  } catch (error) {
    reportUnexpected(c, error, 'reader page head failed; serving the app without it');
    page = { status: 200 };
  }
  if (page.status === 301) return c.redirect(`${page.location}${url.search}`, 301);
  const site = { origin: deps.config.publicUrl, ...deps.config.site };
  // A 404 gets the not-found page in the site's layout: a reader without script is told what happened.
  const head = page.status === 404 ? undefined : headFor(page, url);
  let html: string;
  try {
    const rendered =
      page.status === 404
        ? { html: await renderNotFound({ request: c.req.raw, siteName: site.name }) }
        : await render({ request: c.req.raw, source: readerSource(deps), siteName: site.name });
    html = fillShell(indexHtml, head, site, rendered);
  } catch (error) {
    reportUnexpected(c, error, 'reader page rendering failed; serving the shell');
    html = fillShell(indexHtml, head, site);
  }
  const body = new TextEncoder().encode(html);
  const etag = await strongEtag(body.buffer as ArrayBuffer);
  c.header('Cache-Control', pageCacheControl);
  c.header('ETag', etag);
  c.header('Content-Type', 'text/html; charset=UTF-8');
  const ifNoneMatch = c.req.header('if-none-match');
  if (page.status === 200 && ifNoneMatch && etagMatches(ifNoneMatch, etag)) return c.body(null, 304);
  return c.body(body, page.status);
}

/** The reader pages every target renders: home, a post, a tag, a profile (`/@name`), search results. */
export const readerPageRoutes = new Hono<AppEnv>()
  .get('/', readerPageAnswer)
  .get('/p/:slug', readerPageAnswer)
  .get('/t/:tag', readerPageAnswer)
  .get('/search', readerPageAnswer)
  .get('/:handle{@[^/]+}', readerPageAnswer);
