import type { RenderResult } from '#web-render';
import { webShell } from '../server/web-shell';
import type { PageHead, SiteHead } from '../services/discovery/head-html';

const appHtml = '<!--app-html-->';
const appData = '<!--app-data-->';

let memo: { indexHtml: string; shell: ReturnType<typeof webShell> } | undefined;

/**
 * index.html with the page's head and, when the page was rendered, its markup in `#root` and its
 * query cache as inert JSON. The shell is cut once per build (web-shell.ts), not per request.
 */
export function fillShell(indexHtml: string, head: PageHead | undefined, site: SiteHead, page?: RenderResult): string {
  if (memo?.indexHtml !== indexHtml) memo = { indexHtml, shell: webShell(indexHtml) };
  const html = memo.shell ? memo.shell.render(head, site) : indexHtml;
  if (!page) return html;
  return html
    .replace(appHtml, () => page.html)
    .replace(appData, () => `<script type="application/json" id="app-data">${page.data}</script>`);
}
