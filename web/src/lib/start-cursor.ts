/** The page a `?cursor=` link asks for (readers without JavaScript page through lists by following them); none is the first. */
export const startOf = (url: URL | URLSearchParams): string | null =>
  (url instanceof URL ? url.searchParams : url).get('cursor') || null;
