import type { Post } from '#web/lib/types';

/** The upright variants with `srcset`, so a phone downloads about what it shows; the original otherwise. */
export function CoverImage({ cover }: { cover: NonNullable<Post['coverImage']> }) {
  const shown = cover.responsive;
  return (
    <img
      className="cover"
      src={shown?.src ?? cover.url}
      srcSet={shown?.srcSet ?? undefined}
      sizes={shown?.sizes ?? undefined}
      width={shown?.width}
      height={shown?.height}
      alt={cover.alt}
      // The page's largest paint: fetched before anything else.
      fetchPriority="high"
      decoding="async"
    />
  );
}
