import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaStore } from '#worker/ports';

const safeKey = /^[a-f0-9]{64}\.[a-z0-9]+$/;

/** Media under MEDIA_DIR; keys are content hashes, so a write is idempotent and a file never changes. */
export function createDiskMediaStore(dir: string): MediaStore {
  const pathOf = (key: string) => {
    if (!safeKey.test(key)) throw new Error('Invalid media key');
    return join(dir, key.slice(0, 2), key);
  };
  return {
    async put(key, bytes, contentType) {
      const path = pathOf(key);
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      // The type goes first so that the object is never visible without it; the bytes are written
      // to a unique temporary name and renamed, so a crash or a concurrent upload of the same
      // bytes never leaves a half-written file under the final name.
      await writeFile(`${path}.type`, contentType);
      const temp = `${path}.${randomUUID()}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, path);
    },
    async get(key) {
      if (!safeKey.test(key)) return undefined;
      try {
        const [body, contentType] = await Promise.all([readFile(pathOf(key)), readFile(`${pathOf(key)}.type`, 'utf8')]);
        return { body: new Uint8Array(body), contentType, size: body.byteLength };
      } catch {
        return undefined;
      }
    },
    publicUrl: (key) => `/media/${key}`,
  };
}
