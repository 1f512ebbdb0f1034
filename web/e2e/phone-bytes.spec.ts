import { type Browser, expect, test } from '@playwright/test';
import { photoLikeJpeg } from '#worker/services/media/fixtures/build-images';
import { newUser, signedInContext } from './support';

/** Image bytes a phone fetches to show `path`: what its srcset choice costs it. */
async function imageBytesOn(browser: Browser, path: string, deviceScaleFactor: number) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor,
    isMobile: true,
  });
  const page = await context.newPage();
  const images: { url: string; bytes: number }[] = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'image') return;
    images.push({ url: response.url(), bytes: (await response.body()).length });
  });
  await page.goto(path);
  const cover = page.locator('img.cover');
  await expect(cover).toBeVisible();
  await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const chosen = await cover.evaluate((img: HTMLImageElement) => img.currentSrc);
  await context.close();
  return { chosen, bytes: images.reduce((sum, image) => sum + image.bytes, 0) };
}

test('a 390 px phone downloads a variant about its size, not the 4000×3000 original', async ({ browser }) => {
  test.setTimeout(180_000);
  const { context } = await signedInContext(browser, newUser('phone'));
  const { accessToken } = (await (await context.request.post('/api/auth/refresh')).json()) as { accessToken: string };
  const headers = { Authorization: `Bearer ${accessToken}` };
  const photo = Buffer.from(await photoLikeJpeg(4000, 3000));

  const started = performance.now();
  const uploaded = await context.request.post('/api/media', {
    headers,
    multipart: { file: { name: 'camera.jpg', mimeType: 'image/jpeg', buffer: photo } },
  });
  const uploadMs = Math.round(performance.now() - started);
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const { media } = (await uploaded.json()) as {
    media: { url: string; size: number; variants: { url: string; width: number }[] };
  };
  expect(media.variants.map((v) => v.width)).toEqual([480, 960, 1600]);

  const created = await context.request.post('/api/posts', {
    headers,
    data: {
      title: 'A big cover',
      body: 'Short text.',
      coverImage: { url: media.url, alt: 'A photo' },
      status: 'published',
    },
  });
  const { post } = (await created.json()) as { post: { slug: string } };

  const retina = await imageBytesOn(browser, `/p/${post.slug}`, 3);
  const dpr2 = await imageBytesOn(browser, `/p/${post.slug}`, 2);
  // Before variants the page showed the stored original: a phone downloaded all of it.
  const before = media.size;
  console.log(
    JSON.stringify({ originalBytes: photo.length, storedOriginalBytes: before, uploadMs, dpr3: retina, dpr2 }, null, 1),
  );
  expect(dpr2.chosen).toBe(`${new URL(dpr2.chosen).origin}${media.variants[1]?.url}`);
  expect(retina.chosen).toBe(`${new URL(retina.chosen).origin}${media.variants[2]?.url}`);
  expect(retina.bytes).toBeLessThan(before / 4);
  expect(dpr2.bytes).toBeLessThan(before / 10);
  await context.close();
});
