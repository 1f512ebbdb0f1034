/**
 * `<sha256 hex>.<ext>`: identical bytes share one object, and an object under a key never changes.
 * `orientation` (other than 1) is hashed after the bytes: two uploads of the same pixels that a
 * camera said to turn differently are different pictures, and their variants differ.
 */
export async function contentKey(bytes: Uint8Array, ext: string, orientation = 1): Promise<string> {
  const hashed =
    orientation === 1 ? bytes : new Uint8Array([...bytes, ...new TextEncoder().encode(`\0orientation=${orientation}`)]);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', hashed as Uint8Array<ArrayBuffer>));
  return `${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}.${ext}`;
}

/** Keys this service creates; anything else is not ours to serve. */
export const mediaKeyPattern = /^[a-f0-9]{64}\.(jpg|png|gif|webp|avif)$/;
