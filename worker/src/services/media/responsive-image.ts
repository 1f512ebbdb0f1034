/** What a page needs to let the browser pick a variant: the article column is at most 46rem wide. */
export interface ResponsiveImage {
  src: string;
  srcSet: string | null;
  sizes: string | null;
  width: number;
  height: number;
}

export const articleImageSizes = '(max-width: 48rem) calc(100vw - 2rem), 46rem';

/** The upright size and variants of one stored image. */
export interface StoredImage {
  width: number;
  height: number;
  variants: { key: string; width: number; height: number }[];
}

const keyAtEnd = /([0-9a-f]{64}\.(?:jpg|png|gif|webp|avif))$/;

/** The media key an uploaded image's URL ends with (`/media/<key>` or the bucket's public URL). */
export const mediaKeyOf = (url: string): string | undefined => keyAtEnd.exec(url)?.[1];

/**
 * How a page shows the image at `url`: the widest variant as `src` and all of them in `srcset`
 * with the upright width and height (so the layout does not jump). An image without variants is
 * shown as stored; one that is not an upload gives nothing to add.
 */
export function responsiveImage(url: string, images: Map<string, StoredImage>): ResponsiveImage | undefined {
  const key = mediaKeyOf(url);
  const image = key ? images.get(key) : undefined;
  if (!key || !image) return undefined;
  const widest = image.variants.at(-1);
  if (!widest) return { src: url, srcSet: null, sizes: null, width: image.width, height: image.height };
  const variantUrl = (variantKey: string) => url.slice(0, url.length - key.length) + variantKey;
  return {
    src: variantUrl(widest.key),
    srcSet: image.variants.map((variant) => `${variantUrl(variant.key)} ${variant.width}w`).join(', '),
    sizes: articleImageSizes,
    width: widest.width,
    height: widest.height,
  };
}

/** The keys of uploads a markdown body mentions; the renderer decides which of them are images. */
export const mediaKeysIn = (markdown: string): string[] =>
  markdown.match(/[0-9a-f]{64}\.(?:jpg|png|gif|webp|avif)/g) ?? [];
