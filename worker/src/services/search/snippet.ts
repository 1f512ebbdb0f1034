import { escapeMarkup } from '../content/markup-text';

/** Marks ts_headline puts around matches: private-use characters that user text is stripped of. */
export const highlightStart = '\uE000';
export const highlightStop = '\uE001';

/**
 * Turns a ts_headline result into HTML in which only `<mark>` is markup: everything else is
 * escaped first, then the private-use markers become tags, paired so that no `<mark>` is left open.
 */
export function snippetHtml(headline: string): string {
  const escaped = escapeMarkup(headline);
  let open = false;
  let html = '';
  for (const ch of escaped) {
    if (ch === highlightStart && !open) {
      html += '<mark>';
      open = true;
    } else if (ch === highlightStop && open) {
      html += '</mark>';
      open = false;
    } else if (ch !== highlightStart && ch !== highlightStop) {
      html += ch;
    }
  }
  return open ? `${html}</mark>` : html;
}
