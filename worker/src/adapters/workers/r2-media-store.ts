import type { MediaStore } from '#worker/ports';

const safeKey = /^[a-f0-9]{64}\.[a-z0-9]+$/;

/** The part of an R2Bucket binding the store uses (kept structural so Node tooling type-checks it). */
export interface MediaBucket {
  put(
    key: string,
    value: Uint8Array,
    options: { httpMetadata: { contentType: string; cacheControl: string } },
  ): Promise<unknown>;
  get(key: string): Promise<{
    body: ReadableStream<Uint8Array>;
    size: number;
    httpMetadata?: { contentType?: string };
  } | null>;
}

/**
 * Media in R2 (binding MEDIA). Keys are content hashes, so objects never change and may be cached
 * forever; `publicBaseUrl` (S3_PUBLIC_URL) serves them from the bucket's own domain instead of the Worker.
 */
export function createR2MediaStore(bucket: MediaBucket, publicBaseUrl?: string): MediaStore {
  return {
    async put(key, bytes, contentType) {
      if (!safeKey.test(key)) throw new Error('Invalid media key');
      await bucket.put(key, bytes, {
        httpMetadata: { contentType, cacheControl: 'public, max-age=31536000, immutable' },
      });
    },
    async get(key) {
      if (!safeKey.test(key)) return undefined;
      const object = await bucket.get(key);
      if (!object) return undefined;
      return {
        body: object.body,
        contentType: object.httpMetadata?.contentType ?? 'application/octet-stream',
        size: object.size,
      };
    },
    publicUrl: (key) => (publicBaseUrl ? `${publicBaseUrl.replace(/\/$/, '')}/${key}` : `/media/${key}`),
  };
}
