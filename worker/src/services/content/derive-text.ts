const excerptLength = 200;
const wordsPerMinute = 220;

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** About the first 200 characters of plain text, cut at a word boundary. */
export function excerptOf(text: string): string {
  const flat = collapse(text);
  if (flat.length <= excerptLength) return flat;
  const cut = flat.slice(0, excerptLength + 1);
  const lastSpace = cut.lastIndexOf(' ');
  const head = lastSpace > excerptLength / 2 ? cut.slice(0, lastSpace) : flat.slice(0, excerptLength);
  return `${head.replace(/[\s.,;:!?-]+$/, '')}…`;
}

/** Whole minutes at about 220 words a minute, never less than one. */
export function readingTimeOf(text: string): number {
  const words = collapse(text).split(' ').filter(Boolean).length;
  return Math.max(1, Math.ceil(words / wordsPerMinute));
}
