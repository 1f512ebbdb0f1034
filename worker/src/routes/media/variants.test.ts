import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { media } from '#db/schema';
import type { Database } from '#db/types';
import { createTestDeps, testConfig } from '#test/deps';
import { type CreatedUser, createUser } from '#test/factories';
import { call } from '#test/post-factories';
import { createPgliteDatabase } from '#test/postgres';
import { createSharpImageResizer } from '#worker/adapters/node/sharp-image-resizer';
import { createApp } from '#worker/app';
import { backfillVariants } from '#worker/services/media/backfill-variants';
import {
  buildPng,
  fixture,
  orientedJpeg,
  photoLikeJpeg,
  redQuadrants,
} from '#worker/services/media/fixtures/build-images';
import type { MediaJson } from '#worker/services/media/upload-media';

const readBytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe('responsive variants on Node (sharp)', () => {
  let db: Database;
  let close: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let user: CreatedUser;

  beforeAll(async () => {
    ({ db, close } = await createPgliteDatabase());
    app = createApp(await createTestDeps(db));
    user = await createUser(db);
  });
  afterAll(() => close());

  const upload = (bytes: Uint8Array, appUnderTest = app) => {
    const form = new FormData();
    form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], 'photo.jpg', { type: 'image/jpeg' }));
    return appUnderTest.request('/api/media', { method: 'POST', body: form, headers: user.headers });
  };

  async function uploaded(bytes: Uint8Array): Promise<MediaJson> {
    const res = await upload(bytes);
    expect(res.status).toBe(201);
    return (await res.json()).media;
  }

  it('turns the orientation-6 fixture into 480 px and full-width variants (its timing is logged)', async () => {
    const started = performance.now();
    const media = await uploaded(fixture('orientation-6.jpg'));
    console.log(`node: 1000×600 JPEG upload with 2 variants took ${Math.round(performance.now() - started)} ms`);
    expect(media.variants.map((v) => v.width)).toEqual([480, 600]);
  });

  it('makes 480, 960 and 1600 px variants of a 4000×3000 photo (its timing is logged)', async () => {
    const photo = await photoLikeJpeg(4000, 3000);
    const started = performance.now();
    const media = await uploaded(photo);
    const took = Math.round(performance.now() - started);
    console.log(`node: 4000×3000 JPEG (${photo.length} bytes) upload with 3 variants took ${took} ms`);
    expect(media.variants.map((v) => [v.width, v.height])).toEqual([
      [480, 360],
      [960, 720],
      [1600, 1200],
    ]);
  });

  it('stores 480, 960 and 1600 px WebP variants of a wide photo beside the original', async () => {
    const media = await uploaded(await orientedJpeg(1, 2000, 1500));
    expect(media).toMatchObject({ contentType: 'image/jpeg', width: 2000, height: 1500 });
    expect(media.variants.map(({ width, height, type }) => ({ width, height, type }))).toEqual([
      { width: 480, height: 360, type: 'image/webp' },
      { width: 960, height: 720, type: 'image/webp' },
      { width: 1600, height: 1200, type: 'image/webp' },
    ]);
    const sharp = (await import('sharp')).default;
    for (const variant of media.variants) {
      const served = await app.request(variant.url);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      const meta = await sharp(await readBytes(served)).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({
        format: 'webp',
        width: variant.width,
        height: variant.height,
      });
    }
    const original = await app.request(media.url);
    expect((await sharp(await readBytes(original)).metadata()).width).toBe(2000);
  });

  it('makes no variant of an upright image narrower than 480 px: the original is already right', async () => {
    expect((await uploaded(await orientedJpeg(1, 400, 300))).variants).toEqual([]);
  });

  it.each([
    2, 3, 4, 5, 6, 7, 8,
  ])('turns an EXIF orientation %i photo upright in its variants, as a camera viewer would', async (orientation) => {
    const camera = await orientedJpeg(orientation, 640, 400);
    const media = await uploaded(camera);
    const largest = media.variants.at(-1);
    const sideways = orientation >= 5;
    expect(largest).toMatchObject(sideways ? { width: 400, height: 640 } : { width: 640, height: 400 });
    const sharp = (await import('sharp')).default;
    const asViewersSeeIt = await sharp(camera).rotate().png().toBuffer();
    const variant = await readBytes(await app.request(largest?.url ?? ''));
    expect(await redQuadrants(variant)).toBe(await redQuadrants(new Uint8Array(asViewersSeeIt)));
    // The stored original keeps the camera's pixels, without the EXIF that said how to turn them.
    const original = await readBytes(await app.request(media.url));
    expect(await redQuadrants(original)).toBe('R---');
    expect(new TextDecoder('latin1').decode(original)).not.toContain('Exif');
  });

  /** The app with a resizer that counts its decodes, so a test can tell a refusal came before any. */
  async function countingDecodes(maxPixels: number) {
    const counter = { decodes: 0 };
    const resizer = createSharpImageResizer(maxPixels);
    const deps = await createTestDeps(db, {
      config: { ...testConfig, uploadMaxPixels: 40_000_000 },
      images: {
        decodeLimit: resizer.decodeLimit,
        resize: (...args) => {
          counter.decodes++;
          return resizer.resize(...args);
        },
      },
    });
    return { app: createApp(deps), counter };
  }

  it('refuses a small PNG that inflates to 6000×6000 before decoding it', async () => {
    const { app: counting, counter } = await countingDecodes(40_000_000);
    const bomb = buildPng(6000, 6000);
    expect(bomb.length).toBeLessThan(60_000);
    const res = await upload(bomb, counting);
    expect(res.status).toBe(422);
    expect((await res.json()).error.details.file[0]).toContain('6000×6000');
    expect(counter.decodes).toBe(0);
  });

  it('refuses an image over the decode limit of the target with 422, before any decode', async () => {
    const { app: small, counter } = await countingDecodes(1_000_000);
    const res = await upload(await orientedJpeg(1, 1200, 900), small);
    expect(res.status).toBe(422);
    expect((await res.json()).error.details.file[0]).toContain('at most 1000000 pixels');
    expect(counter.decodes).toBe(0);
    expect((await upload(await orientedJpeg(1, 1000, 1000), small)).status).toBe(201);
    expect(counter.decodes).toBe(2);
  });

  it('refuses bytes that parse as a JPEG but do not decode, and stores nothing', async () => {
    const good = fixture('orientation-6.jpg');
    const broken = good.slice();
    // Keep the headers, scramble the entropy-coded data.
    broken.fill(0x00, 700, good.length - 2);
    const res = await upload(broken);
    expect(res.status).toBe(415);
  });

  it('shows a post’s uploaded photos through their variants: srcset, sizes, width and height', async () => {
    const photo = await uploaded(await orientedJpeg(6, 2000, 1200));
    const markdown = `Before\n\n![A portrait](${photo.url})\n\nAfter ![outside](https://example.com/a.jpg)`;
    const res = await call(app, 'POST', '/api/posts', user, {
      title: 'Responsive',
      body: markdown,
      coverImage: { url: photo.url, alt: 'Cover' },
      status: 'published',
    });
    expect(res.status).toBe(201);
    const { post } = await res.json();
    const [w480, w960, full] = photo.variants;
    expect(photo.variants.map((v) => v.width)).toEqual([480, 960, 1200]);
    const img = /<img[^>]*alt="A portrait"[^>]*>/.exec(post.html)?.[0] ?? '';
    expect(img).toContain(`src="${full?.url}"`);
    expect(img).toContain(`srcset="${w480?.url} 480w, ${w960?.url} 960w, ${full?.url} 1200w"`);
    expect(img).toContain('sizes="(max-width: 48rem) calc(100vw - 2rem), 46rem"');
    expect(img).toContain('width="1200"');
    expect(img).toContain('height="2000"');
    expect(post.html).toContain('src="https://example.com/a.jpg"');
    expect(post.coverImage).toEqual({
      url: photo.url,
      alt: 'Cover',
      responsive: {
        src: full?.url,
        srcSet: `${w480?.url} 480w, ${w960?.url} 960w, ${full?.url} 1200w`,
        sizes: '(max-width: 48rem) calc(100vw - 2rem), 46rem',
        width: 1200,
        height: 2000,
      },
    });
  });

  it('builds variants for images uploaded before variants existed and re-renders the posts showing them', async () => {
    const photo = await uploaded(await orientedJpeg(1, 1000, 750));
    await db.update(media).set({ variants: [] }).where(eq(media.id, photo.id));
    const created = await call(app, 'POST', '/api/posts', user, { title: 'Old', body: `![old](${photo.url})` });
    const { post } = await created.json();
    expect(post.html).not.toContain('srcset');

    const deps = await createTestDeps(db);
    const report = await backfillVariants(deps);
    expect(report).toMatchObject({ skipped: 0 });
    expect(report.images).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(media).where(eq(media.id, photo.id));
    expect(row?.variants.map((v) => [v.width, v.height])).toEqual([
      [480, 360],
      [960, 720],
    ]);
    const after = await (await call(app, 'GET', `/api/posts/${post.slug}`, user)).json();
    expect(after.post.html).toContain('srcset=');
    expect(after.post.version).toBe(post.version);
    expect((await backfillVariants(deps)).images).toBe(0);
  });
});
