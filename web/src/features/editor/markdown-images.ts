/** Text edits the editor makes for images in a markdown body: placeholders while uploading, alt text after. */

/** The text standing at the insertion point while `name` uploads; `id` makes it findable again. */
export const uploadPlaceholder = (id: string, name: string, fraction: number) =>
  `![Uploading ${name.replace(/[[\]()]/g, '')}… ${Math.round(fraction * 100)}%](uploading:${id})`;

const placeholderPattern = (id: string) => new RegExp(`!\\[Uploading [^\\]]*\\]\\(uploading:${id}\\)`);

/** Puts `insert` in place of the selection, on its own paragraph, and says where the cursor goes after it. */
export function insertAt(text: string, start: number, end: number, insert: string) {
  const before = text.slice(0, start);
  const after = text.slice(end);
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const trail = after === '' || after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  const next = `${before}${lead}${insert}${trail}${after}`;
  return { text: next, cursor: before.length + lead.length + insert.length };
}

/** Replaces the placeholder of upload `id` (wherever edits have moved it) with `replacement`, or removes it. */
export function replacePlaceholder(text: string, id: string, replacement: string): string {
  const pattern = placeholderPattern(id);
  if (replacement) return text.replace(pattern, replacement);
  // A failed upload leaves nothing behind: the placeholder and the blank lines added around it go.
  return text.replace(new RegExp(`\\n{0,2}${pattern.source}\\n{0,2}`), (match) =>
    match.startsWith('\n') && match.endsWith('\n') ? '\n\n' : '',
  );
}

export const hasPlaceholder = (text: string, id: string) => placeholderPattern(id).test(text);

const imageWithoutAlt = /!\[\s*\]\(([^()\s]+)\)/g;

/** URLs of the images in `text` that have no alt text, in order (each once). */
export function imagesWithoutAlt(text: string): string[] {
  return [...new Set([...text.matchAll(imageWithoutAlt)].map((match) => match[1] ?? ''))].filter(
    (url) => !url.startsWith('uploading:'),
  );
}

/** Gives every image of `url` without alt text the description `alt`. */
export function setAltText(text: string, url: string, alt: string): string {
  const clean = alt.replace(/[[\]\s]+/g, ' ').trim();
  return text.replace(imageWithoutAlt, (match, found: string) => (found === url ? `![${clean}](${url})` : match));
}
