import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { media } from '#db/schema';
import { createTestDeps } from '#test/deps';
import { type CreatedUser, createUser } from '#test/factories';
import { call } from '#test/post-factories';
import { createTestDatabase, type TestDatabase } from '#test/postgres';
import { postgresAvailable } from '#test/services';
import { createDiskMediaStore } from '#worker/adapters/node/disk-media-store';
import { createApp } from '#worker/app';
import { orientedJpeg } from '#worker/services/media/fixtures/build-images';
import type { MediaJson } from '#worker/services/media/upload-media';

const run = promisify(execFile);

describe.skipIf(!(await postgresAvailable()))(
  'npm run media:variants on the Node target (Postgres, disk store)',
  () => {
    let database: TestDatabase;
    let mediaDir: string;
    let app: ReturnType<typeof createApp>;
    let user: CreatedUser;

    beforeAll(async () => {
      database = await createTestDatabase();
      mediaDir = mkdtempSync(join(tmpdir(), 'edgepress-variants-cli-'));
      app = createApp(await createTestDeps(database.handle.db, { media: createDiskMediaStore(mediaDir) }));
      user = await createUser(database.handle.db);
    });
    afterAll(async () => {
      await database.drop();
      rmSync(mediaDir, { recursive: true, force: true });
    });

    const variantsCli = async () => {
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: database.url, MEDIA_DIR: mediaDir };
      const { stdout } = await run('npx', ['tsx', 'worker/src/cli/build-media-variants.ts'], { env, timeout: 60_000 });
      return stdout;
    };

    /** An image as it was stored before variants existed: the original only, no variant row or file. */
    async function uploadedBeforeVariants(width: number, height: number): Promise<MediaJson> {
      const form = new FormData();
      form.append('file', new File([(await orientedJpeg(1, width, height)) as Uint8Array<ArrayBuffer>], 'old.jpg'));
      const res = await app.request('/api/media', { method: 'POST', body: form, headers: user.headers });
      expect(res.status).toBe(201);
      const { media: uploaded } = (await res.json()) as { media: MediaJson };
      for (const variant of uploaded.variants) {
        const key = variant.url.slice('/media/'.length);
        rmSync(join(mediaDir, key.slice(0, 2), key));
      }
      await database.handle.db.update(media).set({ variants: [] }).where(eq(media.id, uploaded.id));
      return uploaded;
    }

    it('writes the variants of earlier uploads to the store and re-renders their posts with srcset', async () => {
      const photo = await uploadedBeforeVariants(2000, 1500);
      const small = await uploadedBeforeVariants(400, 300);
      const created = await call(app, 'POST', '/api/posts', user, {
        title: 'Written before variants',
        body: `![An old photo](${photo.url})\n\n![A small one](${small.url})`,
        status: 'published',
      });
      const { post } = await created.json();
      expect(post.html).not.toContain('srcset');

      const output = await variantsCli();
      expect(output).toContain('1 images got 3 variants; 0 skipped; 1 posts re-rendered.');

      const [row] = await database.handle.db.select().from(media).where(eq(media.id, photo.id));
      expect(row?.variants.map((v) => [v.width, v.height])).toEqual([
        [480, 360],
        [960, 720],
        [1600, 1200],
      ]);
      for (const variant of row?.variants ?? []) {
        const stored = join(mediaDir, variant.key.slice(0, 2), variant.key);
        expect(existsSync(stored)).toBe(true);
        const meta = await sharp(stored).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(['webp', variant.width, variant.height]);
      }
      const after = (await (await call(app, 'GET', `/api/posts/${post.slug}`, user)).json()).post;
      const img = /<img[^>]*alt="An old photo"[^>]*>/.exec(after.html)?.[0] ?? '';
      expect(img).toMatch(/srcset="\/media\/[0-9a-f]{64}\.webp 480w, [^"]+ 960w, [^"]+ 1600w"/);
      expect(img).toContain('width="1600"');
      expect(img).toContain('height="1200"');
      expect(after.version).toBe(post.version);
      expect(await variantsCli()).toContain('0 images got 0 variants');
    });
  },
);
