import type { Executor } from '#db/types';
import { deriveContent, type PostContent } from '../content';
import { mediaKeysIn } from '../media/responsive-image';
import { storedImagesFor } from '../media/stored-images';

/** A post body's derived content, with its uploaded images given their variants (one lookup). */
export async function derivePostContent(db: Executor, body: string): Promise<PostContent> {
  return deriveContent(body, await storedImagesFor(db, mediaKeysIn(body)));
}
