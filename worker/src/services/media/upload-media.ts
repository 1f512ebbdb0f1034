import { eq } from 'drizzle-orm';
import { media } from '#db/schema';
import { AppError } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { contentKey } from './content-key';
import { type CleanImage, InvalidImageError } from './image-bytes';
import { type ImageFormat, sniffImageFormat } from './image-format';
import { assertDecodable, buildVariants } from './image-variants';

export interface MediaVariantJson {
  url: string;
  width: number;
  height: number;
  type: string;
}

/** The contract's Media resource. */
export interface MediaJson {
  id: string;
  url: string;
  contentType: string;
  size: number;
  width: number;
  height: number;
  /** Upright WebP copies, narrowest first; empty when the image needed neither resizing nor turning. */
  variants: MediaVariantJson[];
}

type MediaRow = typeof media.$inferSelect;

export const toMediaJson = (deps: Pick<Deps, 'media'>, row: MediaRow): MediaJson => ({
  id: row.id,
  url: deps.media.publicUrl(row.key),
  contentType: row.contentType,
  size: row.size,
  width: row.width,
  height: row.height,
  variants: row.variants.map((variant) => ({
    url: deps.media.publicUrl(variant.key),
    width: variant.width,
    height: variant.height,
    type: variant.type,
  })),
});

function cleanImage(bytes: Uint8Array, format: ImageFormat): CleanImage {
  try {
    return format.clean(bytes);
  } catch (error) {
    if (error instanceof InvalidImageError) throw new AppError('unsupported_media_type', error.message);
    throw error;
  }
}

/** GIFs and animated PNG/WebP keep their frames: a resize would keep only the first one. */
const resizable = (format: ImageFormat, image: CleanImage) => format.contentType !== 'image/gif' && !image.animated;

/**
 * Accepts an uploaded image for `ownerId`: checks its real type, declared size and compression
 * ratio before anything decodes, strips its metadata (EXIF with GPS, XMP, comments, trailing
 * bytes) after reading its orientation, makes upright WebP variants, stores everything under
 * content hashes and records it. Uploading bytes that are already stored returns the existing record.
 */
export async function uploadMedia(deps: Deps, ownerId: string, bytes: Uint8Array): Promise<MediaJson> {
  const { uploadMaxBytes } = deps.config;
  if (bytes.length > uploadMaxBytes) {
    throw new AppError('payload_too_large', `Images may be at most ${uploadMaxBytes} bytes`);
  }
  const format = await sniffImageFormat(bytes);
  if (!format) throw new AppError('unsupported_media_type', 'Only JPEG, PNG, WebP, GIF and AVIF images are accepted');
  const image = cleanImage(bytes, format);
  assertDecodable(deps, image);
  const key = await contentKey(image.bytes, format.ext, image.orientation);
  const [existing] = await deps.db.select().from(media).where(eq(media.key, key));
  if (existing) return toMediaJson(deps, existing);
  const variants = resizable(format, image) ? await buildVariants(deps, image) : [];
  await deps.media.put(key, image.bytes, format.contentType);
  const [created] = await deps.db
    .insert(media)
    .values({
      key,
      ownerId,
      contentType: format.contentType,
      size: image.bytes.length,
      width: image.width,
      height: image.height,
      variants,
    })
    .onConflictDoNothing({ target: media.key })
    .returning();
  const row = created ?? (await deps.db.select().from(media).where(eq(media.key, key)))[0];
  if (!row) throw new Error(`Media row for ${key} vanished`);
  return toMediaJson(deps, row);
}
