/**
 * The URL form of a tag name, as the API computes it (worker/src/schemas/posts.ts `tagSlug`).
 * Kept here because importing that module would pull zod into every reader page; tag-slug.test.ts
 * holds the two to the same answers.
 */
export function tagSlug(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
