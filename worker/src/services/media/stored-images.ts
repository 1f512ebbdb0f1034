import { inArray } from 'drizzle-orm';
import { media } from '#db/schema';
import type { Executor } from '#db/types';
import type { StoredImage } from './responsive-image';

/** Stored images by key: one query for any number of keys. */
export async function storedImagesFor(db: Executor, keyList: Iterable<string>): Promise<Map<string, StoredImage>> {
  const keys = [...new Set(keyList)];
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({ key: media.key, width: media.width, height: media.height, variants: media.variants })
    .from(media)
    .where(inArray(media.key, keys));
  return new Map(rows.map(({ key, ...image }) => [key, image]));
}
