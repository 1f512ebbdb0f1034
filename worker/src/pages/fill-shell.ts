import type { RenderResult } from '#web-render';
import { webShell } from '../server/web-shell';
import type { PageHead, SiteHead } from '../services/discovery/head-html';

const appHtml = '<!--app-html-->';
const appData = '<!--app-data-->';

let memo: { indexHtml: string; shell: ReturnType<typeof webShell> } | undefined;

/**
 * index.html with the page's head and, when the page was rendered, its markup in `#root` and its
 * query cache (if it has one) as inert JSON. The shell is cut once per build (web-shell.ts), not per request.
 */
export function fillShell(
  indexHtml: string,
  head: PageHead | undefined,
  site: SiteHead,
  page?: Pick<RenderResult, 'html'> & Partial<Pick<RenderResult, 'data'>>,
): string {
  if (memo?.indexHtml !== indexHtml) memo = { indexHtml, shell: webShell(indexHtml) };
  const html = memo.shell ? memo.shell.render(head, site) : indexHtml;
  if (!page) return html;
  const { data } = page;
  // Without a query cache (the not-found page) the browser renders the page itself instead of hydrating.
  return html
    .replace(appHtml, () => page.html)
    .replace(appData, () =>
      data === undefined ? '' : `<script type="application/json" id="app-data">${data}</script>`,
    );
}
