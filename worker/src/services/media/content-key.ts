/** `<sha256 hex>.<ext>`: identical bytes share one object, and an object under a key never changes. */
export async function contentKey(bytes: Uint8Array, ext: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return `${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}.${ext}`;
}

/** Keys this service creates; anything else is not ours to serve. */
export const mediaKeyPattern = /^[a-f0-9]{64}\.(jpg|png|gif|webp|avif)$/;
