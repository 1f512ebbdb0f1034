import { AppError } from '#worker/errors';
import type { AppConfig, Deps, ImageResizer } from '#worker/ports';
import { contentKey } from './content-key';
import { type Orientation, swapsAxes, uprightingOf } from './exif-orientation';
import type { CleanImage } from './image-bytes';

/** The widths pages choose from with `srcset`: a phone, a tablet or laptop column, a wide or dense screen. */
export const variantWidths = [480, 960, 1600] as const;

/** A resized, upright copy of an upload, stored beside the original under its own content hash. */
export interface StoredVariant {
  key: string;
  width: number;
  height: number;
  type: 'image/webp';
  size: number;
}

/**
 * Below this many pixels any compression ratio is accepted (a blank 2000×2000 canvas is harmless);
 * above it an image must spend at least one stored byte per `maxPixelsPerByte` pixels. A 35 KB PNG
 * that inflates to 6000×6000 (1,000 pixels a byte) is a decompression bomb, not a picture:
 * photographs spend a byte for every 1–10 pixels and flat screenshots rarely reach 100.
 */
const ratioFreePixels = 4_000_000;
const maxPixelsPerByte = 400;

const refuse = (message: string) => new AppError('validation_failed', 'Validation failed', { file: [message] });

/**
 * Refuses, from the header dimensions alone and before anything decodes, an image larger than the
 * upload limit or this target's decode limit, or one that would inflate far beyond its size.
 */
export function assertDecodable(
  deps: { config: Pick<AppConfig, 'uploadMaxPixels'>; images: ImageResizer },
  image: CleanImage,
): void {
  const { width, height } = image;
  const pixels = width * height;
  const maxPixels = Math.min(deps.config.uploadMaxPixels, deps.images.decodeLimit.pixels);
  if (pixels > maxPixels) {
    throw refuse(`The image is ${width}×${height}; at most ${maxPixels} pixels are accepted`);
  }
  const { side } = deps.images.decodeLimit;
  if (width > side || height > side) throw refuse(`The image is ${width}×${height}; sides may be at most ${side} px`);
  if (pixels > ratioFreePixels && pixels > image.bytes.length * maxPixelsPerByte) {
    throw refuse(
      `The image declares ${width}×${height} in only ${image.bytes.length} bytes; it would not decode safely`,
    );
  }
}

/** Width and height once the image is upright. */
export function uprightSize(image: Pick<CleanImage, 'width' | 'height' | 'orientation'>) {
  return swapsAxes(image.orientation ?? 1)
    ? { width: image.height, height: image.width }
    : { width: image.width, height: image.height };
}

/**
 * The widths to make: each standard width below the upright width, and the full upright width as
 * well when the image must be turned, so that pages never need the stored (unturned) original.
 */
export function plannedWidths(image: Pick<CleanImage, 'width' | 'height' | 'orientation'>): number[] {
  const { width } = uprightSize(image);
  const smaller = variantWidths.filter((candidate) => candidate < width);
  return (image.orientation ?? 1) !== 1 && smaller.length < variantWidths.length ? [...smaller, width] : smaller;
}

/**
 * Makes and stores the variants of a cleaned still image, one width at a time so that only one
 * decode is in memory. Bytes that parsed but do not decode are refused as not an image.
 */
export async function buildVariants(
  deps: Pick<Deps, 'images' | 'media'>,
  image: Pick<CleanImage, 'width' | 'height' | 'orientation' | 'bytes'>,
): Promise<StoredVariant[]> {
  const upright = uprightSize(image);
  const uprighting = uprightingOf((image.orientation ?? 1) as Orientation);
  const variants: StoredVariant[] = [];
  for (const width of plannedWidths(image)) {
    let bytes: Uint8Array;
    try {
      bytes = await deps.images.resize(image.bytes, { width, uprighting });
    } catch {
      throw new AppError('unsupported_media_type', 'The image could not be decoded');
    }
    const key = await contentKey(bytes, 'webp');
    await deps.media.put(key, bytes, 'image/webp');
    const height = Math.max(1, Math.round((upright.height * width) / upright.width));
    variants.push({ key, width, height, type: 'image/webp', size: bytes.length });
  }
  return variants;
}
