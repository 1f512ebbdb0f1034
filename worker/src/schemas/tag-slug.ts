/**
 * The URL form of a tag name: lower-case, runs of anything but letters and digits become "-".
 * Its own module with no imports, so reader pages in the browser can use it without zod.
 */
export function tagSlug(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
