import { AwsClient } from 'aws4fetch';
import type { MediaStore } from '#worker/ports';

export interface S3MediaStoreOptions {
  /** The service origin, e.g. `https://s3.eu-west-1.amazonaws.com` or `http://minio:9000`. Buckets are addressed path-style. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** SigV4 region; S3-compatible servers (MinIO, R2 through its S3 API) accept `us-east-1` or `auto`. */
  region?: string;
  /** The bucket's public origin; unset, readers fetch `/media/<key>` through the API. */
  publicUrl?: string;
}

const safeKey = /^[a-f0-9]{64}\.[a-z0-9]+$/;

/**
 * Media in any S3-compatible bucket, signed with aws4fetch (Web Crypto + fetch, so no Node APIs).
 * Objects are written with immutable caching, since a content-hash key never changes meaning.
 */
export function createS3MediaStore(options: S3MediaStoreOptions): MediaStore {
  const client = new AwsClient({
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    service: 's3',
    region: options.region ?? 'us-east-1',
    // aws4fetch retries 5xx ten times by default; an outage should fail a request, not stall it.
    retries: 2,
  });
  const base = `${options.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(options.bucket)}`;
  const send = (key: string, init: RequestInit) => client.fetch(`${base}/${key}`, init);
  const publicBase = options.publicUrl?.replace(/\/+$/, '');

  return {
    async put(key, bytes, contentType) {
      if (!safeKey.test(key)) throw new Error('Invalid media key');
      const res = await send(key, {
        method: 'PUT',
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: { 'Content-Type': contentType, 'Cache-Control': 'public, max-age=31536000, immutable' },
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`S3 PUT ${key} failed with ${res.status}`);
    },
    async get(key) {
      if (!safeKey.test(key)) return undefined;
      const res = await send(key, { method: 'GET' });
      if (res.status === 404) {
        await res.body?.cancel();
        return undefined;
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw new Error(`S3 GET ${key} failed with ${res.status}`);
      }
      return {
        body: res.body,
        contentType: res.headers.get('content-type') ?? 'application/octet-stream',
        size: Number(res.headers.get('content-length') ?? 0),
      };
    },
    publicUrl: (key) => (publicBase ? `${publicBase}/${key}` : `/media/${key}`),
  };
}

export interface S3Env {
  S3_ENDPOINT?: string;
  S3_BUCKET?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_PUBLIC_URL?: string;
}

/** The S3 store the environment configures, or undefined when it configures none (media then go to disk). */
export function createS3MediaStoreFromEnv(env: S3Env): MediaStore | undefined {
  const { S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId } = env;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY;
  if (!endpoint || !bucket || !accessKeyId || !secretAccessKey) return undefined;
  return createS3MediaStore({ endpoint, bucket, accessKeyId, secretAccessKey, publicUrl: env.S3_PUBLIC_URL });
}
