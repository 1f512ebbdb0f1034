import { type PageHead, renderHead } from '../services/discovery/head-html';

export interface WebShell {
  /** index.html with `head` in place of the built title and description; the build's own without one. */
  render(head: PageHead | undefined, origin: string): string;
}

const titleElement = /<title>[^<]*<\/title>/;
const descriptionMeta = /\s*<meta name="description" content="([^"]*)"\s*\/?>/;

/**
 * The built index.html, cut once around its `<title>` so each reader page gets its own head (the
 * description meta moves next to it), without parsing HTML per request.
 */
export function webShell(indexHtml: string): WebShell {
  const description = descriptionMeta.exec(indexHtml);
  const withoutDescription = description ? indexHtml.replace(descriptionMeta, '') : indexHtml;
  const title = titleElement.exec(withoutDescription);
  if (!title) throw new Error('index.html has no <title> for reader pages to replace');
  const before = withoutDescription.slice(0, title.index);
  const after = withoutDescription.slice(title.index + title[0].length);
  const fallbackDescription = description?.[1] ?? '';
  return {
    render(head, origin) {
      if (!head) return indexHtml;
      return before + renderHead(head, origin, fallbackDescription) + after;
    },
  };
}
