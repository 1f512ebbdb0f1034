import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { createTestDeps } from '#test/deps';
import { createUser } from '#test/factories';
import { createPgliteDatabase } from '#test/postgres';
import { createApp } from '#worker/app';
import { contentKey } from '#worker/services/media/content-key';
import { fixture } from '#worker/services/media/fixtures/build-images';
import { createS3MediaStore } from './s3-media-store';

const bucket = 'edgepress-media';
let server: S3rver;
let directory: string;
let endpoint: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'edgepress-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const address = await server.run();
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

const store = (overrides: { accessKeyId?: string; publicUrl?: string } = {}) =>
  createS3MediaStore({ endpoint, bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', ...overrides });

describe('the S3 media store against s3rver', () => {
  it('puts an object and gets back the same bytes and type', async () => {
    const bytes = fixture('lossless.webp');
    const key = await contentKey(bytes, 'webp');
    await store().put(key, bytes, 'image/webp');
    const stored = await store().get(key);
    expect(stored).toMatchObject({ contentType: 'image/webp', size: bytes.length });
    expect(new Uint8Array(await new Response(stored?.body as BodyInit).arrayBuffer())).toEqual(bytes);
  });

  it('answers undefined for a missing or malformed key', async () => {
    expect(await store().get(`${'0'.repeat(64)}.png`)).toBeUndefined();
    expect(await store().get('../secrets.png')).toBeUndefined();
  });

  // s3rver checks the access key but not SigV4 signatures, so an unknown key is what it can refuse.
  it('fails loudly when the bucket refuses the credentials', async () => {
    const bytes = fixture('plain.avif');
    await expect(
      store({ accessKeyId: 'NOBODY' }).put(await contentKey(bytes, 'avif'), bytes, 'image/avif'),
    ).rejects.toThrow(/S3 PUT .* failed with 403/);
  });

  it('points readers at the bucket when it has a public URL, else at /media', () => {
    expect(store({ publicUrl: 'https://cdn.example/' }).publicUrl('k.png')).toBe('https://cdn.example/k.png');
    expect(store().publicUrl('k.png')).toBe('/media/k.png');
  });

  describe('behind the app', () => {
    let handle: DbHandle;
    beforeAll(async () => {
      handle = await createPgliteDatabase();
    });
    afterAll(() => handle.close());

    it('stores an upload in the bucket and serves it back', async () => {
      const app = createApp(await createTestDeps(handle.db, { media: store() }));
      const { headers } = await createUser(handle.db);
      const form = new FormData();
      form.append('file', new File([fixture('exif-gps.jpg')], 'photo.jpg'));
      const res = await app.request('/api/media', { method: 'POST', body: form, headers });
      expect(res.status).toBe(201);
      const { media } = await res.json();
      const served = await app.request(media.url);
      expect(served.headers.get('content-type')).toBe('image/jpeg');
      expect((await served.arrayBuffer()).byteLength).toBe(media.size);
    });
  });
});
