import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentKey } from '#worker/services/media/content-key';
import { fixture } from '#worker/services/media/fixtures/build-images';
import { createDiskMediaStore } from './disk-media-store';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgepress-media-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the disk media store', () => {
  it('writes an object under MEDIA_DIR and reads back the same bytes and type', async () => {
    const store = createDiskMediaStore(dir);
    const bytes = fixture('text-chunks.png');
    const key = await contentKey(bytes, 'png');
    await store.put(key, bytes, 'image/png');
    expect(await store.get(key)).toEqual({ body: bytes, contentType: 'image/png', size: bytes.length });
    expect(await readdir(join(dir, key.slice(0, 2)))).toEqual([key, `${key}.type`]);
  });

  it('survives concurrent writes of the same bytes and leaves no temporary files', async () => {
    const store = createDiskMediaStore(dir);
    const bytes = fixture('comment-xmp.gif');
    const key = await contentKey(bytes, 'gif');
    await Promise.all(Array.from({ length: 8 }, () => store.put(key, bytes, 'image/gif')));
    expect((await store.get(key))?.body).toEqual(bytes);
    expect((await readdir(join(dir, key.slice(0, 2)))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('answers undefined for a missing key and never resolves a path outside its directory', async () => {
    const store = createDiskMediaStore(dir);
    expect(await store.get(`${'f'.repeat(64)}.png`)).toBeUndefined();
    expect(await store.get('../../etc/passwd')).toBeUndefined();
    await expect(store.put('../escape.png', new Uint8Array([1]), 'image/png')).rejects.toThrow('Invalid media key');
  });

  it('points readers at /media on the API origin', () => {
    expect(createDiskMediaStore(dir).publicUrl('abc.png')).toBe('/media/abc.png');
  });
});
